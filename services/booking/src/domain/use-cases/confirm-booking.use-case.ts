import type { Actor } from '../actor';
import type { Booking } from '../booking';
import type { BookingChange } from '../booking-change';
import { assertTransition } from '../booking-transitions';
import { BookingErrors } from '../booking.errors';
import { changeActor, transition, type LifecycleDeps, type LifecycleRequest } from './lifecycle.use-case';

export interface ConfirmRequest extends LifecycleRequest {
  paymentId: string;
}

/**
 * A payment succeeded for a held booking. The saga must learn when it came too late (HOLD_EXPIRED,
 * even if the expiry job has not run yet) or the booking is gone (INVALID_TRANSITION), so it refunds;
 * a redelivered confirmation of the same payment is a no-op, a second payment is refused.
 */
export function decideConfirmation(booking: Booking, actor: Actor, paymentId: string, now: Date): BookingChange {
  if (booking.status === 'confirmed') {
    if (!paymentId || !booking.paymentId || booking.paymentId === paymentId) return { type: 'none' };
    throw BookingErrors.alreadyConfirmed();
  }
  if (booking.status === 'expired') throw BookingErrors.holdExpired();
  assertTransition('confirm', booking.status);
  if (booking.holdExpiresAt && booking.holdExpiresAt.getTime() <= now.getTime()) throw BookingErrors.holdExpired();
  return { type: 'confirm', actor: changeActor(actor), paymentId };
}

export async function confirmBooking(deps: LifecycleDeps, request: ConfirmRequest): Promise<Booking> {
  return transition(deps, request, 'confirm', (booking, now) => decideConfirmation(booking, request.actor, request.paymentId.trim(), now));
}
