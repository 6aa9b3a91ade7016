import type { Review } from '../domain/review';

export const REVIEW_COLUMNS =
  'r.id, r.business_id, r.booking_id, r.customer_id, r.service_id, r.rating, r.comment, r.is_visible, r.reply, r.replied_at, r.created_at, r.updated_at';

export interface ReviewRow {
  id: string;
  business_id: string;
  booking_id: string;
  customer_id: string;
  service_id: string;
  rating: number;
  comment: string;
  is_visible: boolean;
  reply: string | null;
  replied_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export function toReview(row: ReviewRow): Review {
  return {
    id: row.id,
    businessId: row.business_id,
    bookingId: row.booking_id,
    customerId: row.customer_id,
    serviceId: row.service_id,
    rating: Number(row.rating),
    comment: row.comment,
    isVisible: row.is_visible,
    reply: row.reply,
    repliedAt: row.replied_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
