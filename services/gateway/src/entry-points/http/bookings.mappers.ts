import type { bookingV1 } from '@omotenashi/proto';
import type { BookingJson, CreateBookingBody } from './bookings.schemas';

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
    created_at: booking.createdAt,
    updated_at: booking.updatedAt,
  };
}
