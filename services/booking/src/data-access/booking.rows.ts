import type { ActorKind, Booking, BookingStatus } from '../domain/booking';
import { readPolicySnapshot } from '../domain/booking-policy';

/** A `bookings` row as pg returns it (snake_case, bigint as string, date as text). */
export interface BookingRow {
  id: string;
  business_id: string;
  service_id: string;
  customer_id: string;
  staff_id: string | null;
  status: BookingStatus;
  starts_at: Date;
  ends_at: Date;
  booking_date: string;
  party_size: number;
  price_amount: string;
  currency: string;
  hold_expires_at: Date | null;
  notes: string;
  created_at: Date;
  updated_at: Date;
  resource_ids: string[] | null;
  policy_snapshot: unknown;
  cancelled_at: Date | null;
  cancelled_by: ActorKind | null;
  cancellation_reason: string | null;
  cancellation_fee_amount: string | null;
  refund_amount: string | null;
  payment_id: string | null;
  reschedule_count: number;
}

/** Every column a Booking needs; never the manage token's hash (see RECORD_COLUMNS). */
export const BOOKING_COLUMNS = `b.id, b.business_id, b.service_id, b.customer_id, b.staff_id, b.status, b.starts_at, b.ends_at,
  to_char(b.booking_date, 'YYYY-MM-DD') AS booking_date, b.party_size, b.price_amount, b.currency, b.hold_expires_at,
  b.notes, b.created_at, b.updated_at, b.policy_snapshot, b.cancelled_at, b.cancelled_by, b.cancellation_reason,
  b.cancellation_fee_amount, b.refund_amount, b.payment_id, b.reschedule_count,
  ARRAY(SELECT a.subject_id FROM booking_allocations a WHERE a.booking_id = b.id AND a.subject_kind = 'resource' ORDER BY a.id) AS resource_ids`;

/** A booking plus what only the service itself may see: the hash of the guest's token, whether the customer chose the staff. */
export const RECORD_COLUMNS = `${BOOKING_COLUMNS}, b.manage_token_hash, b.staff_requested`;

export function toDomain(row: BookingRow): Booking {
  const priceAmount = Number(row.price_amount);
  const currency = row.currency.trim();
  return {
    id: row.id,
    businessId: row.business_id,
    serviceId: row.service_id,
    customerId: row.customer_id,
    status: row.status,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    bookingDate: row.booking_date,
    staffId: row.staff_id,
    resourceIds: row.resource_ids ?? [],
    partySize: row.party_size,
    priceAmount,
    currency,
    holdExpiresAt: row.hold_expires_at,
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    policy: readPolicySnapshot(row.policy_snapshot, { priceAmount, currency }),
    cancellation: row.cancelled_at
      ? {
          cancelledAt: row.cancelled_at,
          cancelledBy: row.cancelled_by ?? 'system',
          reason: row.cancellation_reason ?? '',
          feeAmount: Number(row.cancellation_fee_amount ?? 0),
          refundAmount: Number(row.refund_amount ?? 0),
        }
      : null,
    paymentId: row.payment_id,
    rescheduleCount: row.reschedule_count,
  };
}
