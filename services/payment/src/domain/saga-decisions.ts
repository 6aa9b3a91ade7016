import type { BookingState } from './booking-state';
import { isCaptured, isOpen, refundable, type Payment, type RefundReason } from './payment';

/** What the saga asks the provider to do; each is sent once under its idempotency key. */
export type ProviderCommand =
  | { kind: 'capture'; paymentId: string; idempotencyKey: string }
  | { kind: 'cancel'; paymentId: string; idempotencyKey: string; reason: string }
  | { kind: 'refund'; paymentId: string; idempotencyKey: string; amount: number; reason: RefundReason };

/** A payment and what refunds of it are already under way (pending), which a new refund may not exceed. */
export interface PaymentPosition {
  payment: Payment;
  pendingRefunds: number;
}

/** Who woke the saga: a booking event (the booking moved) or a payment report (the money moved). */
export type SagaTrigger = 'booking' | 'payment';

/** Deterministic keys: the same decision taken twice (redelivery, racing triggers) is one provider request. */
export const commandKeys = {
  capture: (paymentId: string) => `capture:${paymentId}`,
  cancel: (paymentId: string) => `cancel:${paymentId}`,
  /** One automatic full refund per payment, whichever reason gets there first. */
  automaticRefund: (paymentId: string) => `refund:${paymentId}:automatic`,
  cancellationRefund: (paymentId: string) => `refund:${paymentId}:booking_cancelled`,
};

function fullRefund(position: PaymentPosition, reason: RefundReason): ProviderCommand[] {
  const amount = refundable(position.payment, position.pendingRefunds);
  if (amount <= 0) return [];
  return [{ kind: 'refund', paymentId: position.payment.id, idempotencyKey: commandKeys.automaticRefund(position.payment.id), amount, reason }];
}

function forCapturedPayment(state: BookingState, position: PaymentPosition, trigger: SagaTrigger): ProviderCommand[] {
  const { payment } = position;
  switch (state.status) {
    case 'held':
    case 'pending_approval':
      return []; // the booking side confirms it on payment.succeeded
    case 'confirmed':
      return state.paymentId && state.paymentId !== payment.id ? fullRefund(position, 'duplicate_payment') : [];
    case 'expired':
      return fullRefund(position, trigger === 'booking' ? 'booking_expired' : 'late_payment');
    case 'cancelled': {
      if (state.previousStatus !== 'confirmed') return fullRefund(position, 'late_payment');
      if (!state.paymentId) return []; // booking.confirmed (published earlier) names the paying payment; wait for it
      if (state.paymentId !== payment.id) return fullRefund(position, 'duplicate_payment');
      const amount = Math.min(state.refundAmount ?? 0, refundable(payment, position.pendingRefunds));
      if (amount <= 0) return [];
      return [{ kind: 'refund', paymentId: payment.id, idempotencyKey: commandKeys.cancellationRefund(payment.id), amount, reason: 'booking_cancelled' }];
    }
  }
}

function forOpenPayment(state: BookingState, payment: Payment): ProviderCommand[] {
  const gone = state.status === 'expired' || state.status === 'cancelled';
  const paidByAnother = state.status === 'confirmed' && state.paymentId !== payment.id;
  if (gone || paidByAnother) {
    return [{ kind: 'cancel', paymentId: payment.id, idempotencyKey: commandKeys.cancel(payment.id), reason: gone ? `booking_${state.status}` : 'duplicate_payment' }];
  }
  if (payment.status === 'authorized' && (state.status === 'held' || state.status === 'pending_approval')) {
    return [{ kind: 'capture', paymentId: payment.id, idempotencyKey: commandKeys.capture(payment.id) }];
  }
  return [];
}

/**
 * Given where a booking is and where its payments are, the provider commands that bring them in line:
 * capture an authorized deposit of a held booking, cancel what is uncaptured once the booking is gone,
 * refund money taken for a booking that is not (or no longer) paid by it.
 */
export function decideCommands(state: BookingState, positions: PaymentPosition[], trigger: SagaTrigger): ProviderCommand[] {
  return positions.flatMap((position) => {
    if (isOpen(position.payment.status)) return forOpenPayment(state, position.payment);
    if (isCaptured(position.payment.status)) return forCapturedPayment(state, position, trigger);
    return [];
  });
}
