import type { ReviewRepository } from '../../data-access/review.repository';
import { toPage } from '../customer-review-page';
import { assertMayReview, checkNewReview, checkReviewChanges, checkReviewListQuery, type Review } from '../review';

export interface ReviewDeps {
  reviews: ReviewRepository;
}

export interface CreateReviewRequest {
  businessId: string;
  bookingId: string;
  manageToken: string;
  customerUserId: string;
  rating: number;
  comment: string;
}

/** The booking's own customer reviews a completed visit, once. */
export async function createReview({ reviews }: ReviewDeps, request: CreateReviewRequest): Promise<Review> {
  const { author, review } = checkNewReview(request);
  const booking = assertMayReview(await reviews.reviewedBooking(request.businessId, request.bookingId), author);
  return reviews.create(booking, author, review);
}

export interface ReviewPage {
  reviews: Review[];
  nextCursor: string;
  averageRating: number;
  reviewCount: number;
}

export async function listReviews(
  { reviews }: ReviewDeps,
  request: { businessId: string; visibleOnly: boolean; limit: number; cursor: string },
): Promise<ReviewPage> {
  const query = checkReviewListQuery(request);
  const [rows, summary] = await Promise.all([reviews.list(query), reviews.summary(query)]);
  const page = toPage(rows, query.limit);
  return { reviews: page.items, nextCursor: page.nextCursor, averageRating: summary.average, reviewCount: summary.count };
}

/** The business hides, shows or answers a review. */
export async function updateReview(
  { reviews }: ReviewDeps,
  request: { businessId: string; reviewId: string; isVisible?: boolean; reply?: string },
): Promise<Review> {
  return reviews.update(request.businessId, request.reviewId, checkReviewChanges(request));
}
