import type { ConsumerSpec, EventHandler } from '@omotenashi/events';
import { bookingEventsV1 } from '@omotenashi/proto';
import { lockBookingState, saveBookingState } from '../../data-access/booking-state.repository';
import { applyBookingFact, type BookingFact } from '../../domain/booking-state';
import { reconcileBooking } from '../../domain/use-cases/reconcile-booking.use-case';

type Reader = (payload: Uint8Array) => { bookingId: string; businessId: string; fact: BookingFact };

const READERS: Record<string, Reader> = {
  'booking.booking.created': (payload) => {
    const e = bookingEventsV1.BookingCreated.decode(payload);
    return {
      bookingId: e.bookingId,
      businessId: e.businessId,
      fact: {
        type: 'created', status: e.status, priceAmount: e.priceAmount, currency: e.currency.toUpperCase(), prepayment: e.prepayment,
        depositAmount: e.depositAmount, holdExpiresAt: e.holdExpiresAt ? new Date(e.holdExpiresAt) : null,
      },
    };
  },
  'booking.booking.confirmed': (payload) => {
    const e = bookingEventsV1.BookingConfirmed.decode(payload);
    return { bookingId: e.bookingId, businessId: e.businessId, fact: { type: 'confirmed', paymentId: e.paymentId || null } };
  },
  'booking.booking.expired': (payload) => {
    const e = bookingEventsV1.BookingExpired.decode(payload);
    return { bookingId: e.bookingId, businessId: e.businessId, fact: { type: 'expired' } };
  },
  'booking.booking.cancelled': (payload) => {
    const e = bookingEventsV1.BookingCancelled.decode(payload);
    return { bookingId: e.bookingId, businessId: e.businessId, fact: { type: 'cancelled', previousStatus: e.previousStatus, refundAmount: e.refundAmount } };
  },
};

export const SAGA_SUBJECTS = Object.keys(READERS);

/**
 * A booking event → the saga's projection of that booking (locked, so one step per booking at a time),
 * then the provider commands that follow from it, recorded in the consumer's transaction.
 */
export function bookingEventHandler(wakeCommands: () => void): EventHandler {
  return async (event, manager) => {
    const read = READERS[event.subject];
    if (!read) throw new Error(`The payment saga does not handle ${event.subject}`);
    const { bookingId, businessId, fact } = read(event.payload);
    if (fact.type === 'confirmed' && fact.paymentId && !/^[0-9a-f-]{36}$/i.test(fact.paymentId)) fact.paymentId = null;
    const state = applyBookingFact(await lockBookingState(manager, businessId, bookingId), fact);
    await saveBookingState(manager, state);
    const commands = await reconcileBooking(manager, state, 'booking');
    if (commands.length) wakeCommands();
  };
}

/** One durable per subject: a consumer with several filter subjects needs NATS 2.10, and this runs on 2.9. */
export function sagaConsumers(wakeCommands: () => void): ConsumerSpec[] {
  const handler = bookingEventHandler(wakeCommands);
  return SAGA_SUBJECTS.map((subject) => ({
    stream: 'BOOKING' as const,
    durable: `payment-saga-${subject.split('.').pop()}`,
    filterSubjects: [subject],
    handler,
    ...(subject === 'booking.booking.created' ? { relevant: needsPayment } : {}),
  }));
}

/**
 * A booking created without prepayment (pay at the venue: most of them) can never have a payment
 * (StartPayment answers PAYMENT.NOT_REQUIRED, and the policy snapshot never changes), so the saga has
 * nothing to track: its created event is acked without a transaction. Later events of such a booking
 * still reach the handler and find no payment to act on.
 */
export function needsPayment(event: { payload: Uint8Array }): boolean {
  return bookingEventsV1.BookingCreated.decode(event.payload).prepayment !== 'none';
}
