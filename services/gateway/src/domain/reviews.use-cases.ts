import { AppError } from '@omotenashi/errors';
import type { bookingReviewsV1 } from '@omotenashi/proto';
import type { Downstreams } from '../downstream/downstreams';
import { present } from './present';

type Deps = Pick<Downstreams, 'reviews'>;

/** Who may write a review, as far as the gateway can tell: the guest's token or the signed-in person. */
export type ReviewWriter =
  | { kind: 'guest'; manageToken: string }
  | { kind: 'user'; userId: string }
  /** A member or API key of the business itself, an API key of another, or nobody at all. */
  | { kind: 'business' | 'api_key' | 'anonymous' };

export const ReviewWriterErrors = {
  businessMayNotReview: () =>
    new AppError('REVIEW.BUSINESS_CANNOT_REVIEW', 'A business cannot review its own bookings; reviews come from its customers', {
      kind: 'permission_denied',
    }),
  apiKeyMayNotReview: () => new AppError('REVIEW.CUSTOMER_REQUIRED', 'Reviews come from customers; API keys cannot write them', { kind: 'permission_denied' }),
  authorRequired: () =>
    new AppError('REVIEW.AUTHOR_REQUIRED', "Send the booking's X-Manage-Token header, or sign in as the customer who booked", {
      kind: 'unauthenticated',
    }),
};

export async function createReview(
  { reviews }: Deps,
  writer: ReviewWriter,
  request: { businessId: string; bookingId: string; rating: number; comment: string },
): Promise<bookingReviewsV1.Review> {
  const author = authorOf(writer);
  return present((await reviews.call('createReview', { manageToken: '', customerUserId: '', ...request, ...author })).review, 'booking.CreateReview review');
}

function authorOf(writer: ReviewWriter): { manageToken: string } | { customerUserId: string } {
  switch (writer.kind) {
    case 'guest':
      return { manageToken: writer.manageToken };
    case 'user':
      return { customerUserId: writer.userId };
    case 'business':
      throw ReviewWriterErrors.businessMayNotReview();
    case 'api_key':
      throw ReviewWriterErrors.apiKeyMayNotReview();
    default:
      throw ReviewWriterErrors.authorRequired();
  }
}

export function listReviews({ reviews }: Deps, request: bookingReviewsV1.ListReviewsRequest): Promise<bookingReviewsV1.ListReviewsResponse> {
  return reviews.call('listReviews', request);
}

export async function updateReview({ reviews }: Deps, request: bookingReviewsV1.UpdateReviewRequest): Promise<bookingReviewsV1.Review> {
  return present((await reviews.call('updateReview', request)).review, 'booking.UpdateReview review');
}
