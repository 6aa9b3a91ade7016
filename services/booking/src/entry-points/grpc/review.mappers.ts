import type { bookingReviewsV1 } from '@omotenashi/proto';
import type { Review } from '../../domain/review';

/** The response allow-list: never who wrote it or how they proved it. */
export function reviewToResponse(review: Review): bookingReviewsV1.Review {
  return {
    id: review.id,
    businessId: review.businessId,
    bookingId: review.bookingId,
    customerId: review.customerId,
    serviceId: review.serviceId,
    rating: review.rating,
    comment: review.comment,
    isVisible: review.isVisible,
    reply: review.reply ?? '',
    repliedAt: review.repliedAt?.toISOString() ?? '',
    createdAt: review.createdAt.toISOString(),
    updatedAt: review.updatedAt.toISOString(),
  };
}
