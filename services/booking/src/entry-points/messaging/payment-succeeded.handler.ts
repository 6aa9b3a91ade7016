import { isAppError } from '@omotenashi/errors';
import type { EventHandler } from '@omotenashi/events';
import type { Logger } from '@omotenashi/logging';
import { paymentEventsV1 } from '@omotenashi/proto';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../domain/actor';
import type { AvailabilityCache } from '../../domain/availability-cache';
import { confirmBooking } from '../../domain/use-cases/confirm-booking.use-case';
import type { LifecycleDeps } from '../../domain/use-cases/lifecycle.use-case';

/** Payment's fact that money was captured; the PAYMENT stream belongs to the payment service. */
export const PAYMENT_SUCCEEDED_SUBJECT = 'payment.payment.succeeded';

export const PAYMENT_SAGA: Actor = { kind: 'system', id: 'payment-saga', manageToken: '' };

/**
 * Refusals that end the saga's booking step: the hold ran out, the booking was cancelled (or is past
 * held), or another payment confirmed it first. The payment service refunds such a payment on its own
 * from booking's events, so retrying here could never succeed and is not needed.
 */
const SETTLED_ELSEWHERE = new Set(['BOOKING.HOLD_EXPIRED', 'BOOKING.INVALID_TRANSITION', 'BOOKING.ALREADY_CONFIRMED']);

export interface PaymentSucceededDeps {
  availability: AvailabilityCache;
  /** The lifecycle repository on the consumer's transaction, so the confirmation commits with processed_events. */
  lifecycleIn(manager: EntityManager): LifecycleDeps['lifecycle'];
}

/**
 * payment.payment.succeeded → confirm the held booking as the payment saga. A redelivery, or the same
 * payment again, is a no-op; any other failure (booking unreachable, database down) is retried and,
 * after max_deliver, parked in dead_letters.
 */
export function paymentSucceededHandler(deps: PaymentSucceededDeps, logger: Logger): EventHandler {
  return async (event, manager) => {
    const { payment } = paymentEventsV1.PaymentSucceeded.decode(event.payload);
    if (!payment?.bookingId || !payment.businessId || !payment.paymentId) {
      throw new Error('PaymentSucceeded without its payment, booking or business id');
    }
    const request = { businessId: payment.businessId, bookingId: payment.bookingId, actor: PAYMENT_SAGA, paymentId: payment.paymentId };
    try {
      await confirmBooking({ lifecycle: deps.lifecycleIn(manager), availability: deps.availability }, request);
    } catch (error) {
      if (!isAppError(error) || !SETTLED_ELSEWHERE.has(error.code)) throw error;
      logger.info(
        { booking_id: payment.bookingId, payment_id: payment.paymentId, code: error.code },
        'payment succeeded for a booking that can no longer be confirmed by it; payment refunds it',
      );
    }
  };
}
