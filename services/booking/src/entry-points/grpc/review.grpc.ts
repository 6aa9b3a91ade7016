import { requireUuid, unaryService } from '@omotenashi/grpc';
import type { Logger } from '@omotenashi/logging';
import { bookingReviewsV1 } from '@omotenashi/proto';
import { createReview, listReviews, updateReview, type ReviewDeps } from '../../domain/use-cases/review.use-cases';
import { reviewToResponse } from './review.mappers';

export const REVIEW_SERVICE_NAME = 'omotenashi.booking.v1.ReviewService';

export function reviewGrpcService(deps: ReviewDeps, logger: Logger) {
  return {
    name: REVIEW_SERVICE_NAME,
    definition: bookingReviewsV1.ReviewServiceService,
    implementation: unaryService<bookingReviewsV1.ReviewServiceServer>(
      REVIEW_SERVICE_NAME,
      {
        createReview: async (request) => {
          const review = await createReview(deps, {
            ...request,
            businessId: requireUuid(request.businessId, '/business_id'),
            bookingId: requireUuid(request.bookingId, '/booking_id'),
          });
          return { review: reviewToResponse(review) };
        },
        listReviews: async (request) => {
          const page = await listReviews(deps, { ...request, businessId: requireUuid(request.businessId, '/business_id') });
          return {
            reviews: page.reviews.map(reviewToResponse),
            nextCursor: page.nextCursor,
            averageRating: page.averageRating,
            reviewCount: page.reviewCount,
          };
        },
        updateReview: async (request) => {
          const review = await updateReview(deps, {
            businessId: requireUuid(request.businessId, '/business_id'),
            reviewId: requireUuid(request.reviewId, '/review_id'),
            isVisible: request.isVisible,
            reply: request.reply,
          });
          return { review: reviewToResponse(review) };
        },
      },
      logger,
    ),
  };
}
