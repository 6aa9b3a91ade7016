import type { bookingV1 } from '@omotenashi/proto';
import type { CancelledBooking, CreatedBooking } from '../../domain/bookings.use-cases';
import { present } from '../../domain/present';
import type { CancelledBookingJson } from './bookings.changes.schemas';
import type { BookingJson, BookingPolicyJson, CancellationJson, CreateBookingBody, CreatedBookingJson, ListBookingsQuery } from './bookings.schemas';

/** proto3 strings have no "absent": the empty string stands for it on the wire, null in JSON. */
const orNull = (value: string) => (value === '' ? null : value);

/** An `Idempotency-Key` and whose it is (keys are scoped to the caller). */
export interface IdempotencyKey {
  key: string;
  scope: string;
}

export function toCreateBookingRequest(
  businessId: string,
  body: CreateBookingBody,
  idempotency: IdempotencyKey = { key: '', scope: '' },
): bookingV1.CreateBookingRequest {
  return {
    idempotencyKey: idempotency.key,
    idempotencyScope: idempotency.scope,
    businessId,
    serviceId: body.service_id,
    startsAt: body.starts_at,
    staffId: body.staff_id ?? '',
    partySize: body.party_size,
    customer: {
      name: body.customer.name,
      email: body.customer.email,
      phone: body.customer.phone ?? '',
      locale: body.customer.locale ?? '',
    },
    notes: body.notes ?? '',
  };
}

/** The query's filters, with `status=a,b` as a list (booking checks each name); paging comes from the pager. */
export function toListBookingsRequest(
  businessId: string,
  query: ListBookingsQuery,
  actor: bookingV1.Actor,
  page: { limit: number; token: string },
): bookingV1.ListBookingsRequest {
  return {
    businessId,
    actor,
    from: query.from ?? '',
    to: query.to ?? '',
    statuses: query.status ? [...new Set(query.status.split(','))] : [],
    customerId: query.customer_id ?? '',
    limit: page.limit,
    cursor: page.token,
  };
}

export function toBookingResponse(booking: bookingV1.Booking): BookingJson {
  return {
    id: booking.id,
    business_id: booking.businessId,
    service_id: booking.serviceId,
    customer_id: booking.customerId,
    status: booking.status,
    starts_at: booking.startsAt,
    ends_at: booking.endsAt,
    booking_date: booking.bookingDate,
    staff_id: orNull(booking.staffId),
    resource_ids: booking.resourceIds,
    party_size: booking.partySize,
    price_amount: booking.priceAmount,
    currency: booking.currency,
    hold_expires_at: orNull(booking.holdExpiresAt),
    notes: orNull(booking.notes),
    policy: toPolicyResponse(booking.policy),
    cancellation: booking.cancellation ? toCancellationResponse(booking.cancellation) : null,
    reschedule_count: booking.rescheduleCount,
    created_at: booking.createdAt,
    updated_at: booking.updatedAt,
  };
}

/** The token goes to the guest who booked, once; members and keys of the business don't need one. */
export function toCreatedBookingResponse(created: CreatedBooking, forGuest: boolean): CreatedBookingJson {
  const booking = toBookingResponse(created.booking);
  return forGuest && created.manageToken ? { ...booking, manage_token: created.manageToken } : booking;
}

export function toCancelledBookingResponse(cancelled: CancelledBooking): CancelledBookingJson {
  return {
    booking: toBookingResponse(cancelled.booking),
    fee_amount: cancelled.feeAmount,
    refund_amount: cancelled.refundAmount,
    currency: cancelled.currency,
  };
}

/** Booking snapshots the policy on every booking, so a missing one is booking's bug (500), not a default. */
function toPolicyResponse(snapshot: bookingV1.BookingPolicy | undefined): BookingPolicyJson {
  const policy = present(snapshot, 'booking.Booking policy');
  return {
    cancel_cutoff_hours: policy.cancelCutoffHours,
    reschedule_cutoff_hours: policy.rescheduleCutoffHours,
    cancellation_fee_percent: policy.cancellationFeePercent,
    refund_percent: policy.refundPercent,
    prepayment: policy.prepayment,
    deposit_amount: policy.depositAmount,
  };
}

function toCancellationResponse(cancellation: bookingV1.Cancellation): CancellationJson {
  return {
    cancelled_at: cancellation.cancelledAt,
    cancelled_by: cancellation.cancelledBy,
    reason: orNull(cancellation.reason),
    fee_amount: cancellation.feeAmount,
    refund_amount: cancellation.refundAmount,
  };
}
