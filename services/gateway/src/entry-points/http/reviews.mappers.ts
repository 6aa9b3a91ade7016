import type { bookingReviewsV1 } from '@omotenashi/proto';
import type { ReviewJson, UpdateReviewBody } from './reviews.schemas';

/** `forMembers` adds who wrote it; the public never sees customer ids. */
export function toReviewResponse(review: bookingReviewsV1.Review, forMembers: boolean): ReviewJson {
  return {
    id: review.id,
    business_id: review.businessId,
    booking_id: review.bookingId,
    service_id: review.serviceId,
    ...(forMembers ? { customer_id: review.customerId } : {}),
    rating: review.rating,
    comment: review.comment,
    is_visible: review.isVisible,
    reply: review.reply || null,
    replied_at: review.repliedAt || null,
    created_at: review.createdAt,
    updated_at: review.updatedAt,
  };
}

export function toUpdateReviewRequest(businessId: string, reviewId: string, body: UpdateReviewBody): bookingReviewsV1.UpdateReviewRequest {
  return { businessId, reviewId, isVisible: body.is_visible, reply: body.reply === undefined ? undefined : (body.reply ?? '') };
}
