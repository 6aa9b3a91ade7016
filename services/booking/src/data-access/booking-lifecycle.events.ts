import type { OutboxEvent } from '@omotenashi/events';
import { bookingEventsV1 } from '@omotenashi/proto';
import type { Booking } from '../domain/booking';
import type { BookingChange } from '../domain/booking-change';

/** The event of a lifecycle change, from the booking before and after it (same transaction, outbox). */
export function lifecycleEvent(before: Booking, after: Booking, change: Exclude<BookingChange, { type: 'none' }>, at: Date): OutboxEvent {
  const common = {
    bookingId: after.id,
    businessId: after.businessId,
    serviceId: after.serviceId,
    customerId: after.customerId,
    actor: { kind: change.actor.kind, id: change.actor.id },
    occurredAt: at.toISOString(),
  };
  const event = (verb: string, type: string, payload: Uint8Array): OutboxEvent => ({
    subject: `booking.booking.${verb}`,
    eventType: `omotenashi.events.v1.${type}`,
    businessId: after.businessId,
    payload,
  });
  switch (change.type) {
    case 'confirm':
      return event('confirmed', 'BookingConfirmed', bookingEventsV1.BookingConfirmed.encode({
        ...common,
        previousStatus: before.status,
        startsAt: after.startsAt.toISOString(),
        endsAt: after.endsAt.toISOString(),
        bookingDate: after.bookingDate,
        priceAmount: after.priceAmount,
        currency: after.currency,
        paymentId: change.paymentId,
      }).finish());
    case 'cancel':
      return event('cancelled', 'BookingCancelled', bookingEventsV1.BookingCancelled.encode({
        ...common,
        previousStatus: before.status,
        startsAt: after.startsAt.toISOString(),
        bookingDate: after.bookingDate,
        reason: change.reason,
        feeAmount: change.terms.feeAmount,
        refundAmount: change.terms.refundAmount,
        currency: change.terms.currency,
      }).finish());
    case 'reschedule':
      return event('rescheduled', 'BookingRescheduled', bookingEventsV1.BookingRescheduled.encode({
        ...common,
        status: after.status,
        previousStartsAt: before.startsAt.toISOString(),
        previousEndsAt: before.endsAt.toISOString(),
        previousBookingDate: before.bookingDate,
        startsAt: after.startsAt.toISOString(),
        endsAt: after.endsAt.toISOString(),
        bookingDate: after.bookingDate,
      }).finish());
    case 'complete':
    case 'no_show': {
      const visit = {
        ...common,
        startsAt: after.startsAt.toISOString(),
        bookingDate: after.bookingDate,
        priceAmount: after.priceAmount,
        currency: after.currency,
      };
      return change.type === 'complete'
        ? event('completed', 'BookingCompleted', bookingEventsV1.BookingCompleted.encode(visit).finish())
        : event('no_show', 'BookingNoShow', bookingEventsV1.BookingNoShow.encode(visit).finish());
    }
  }
}
