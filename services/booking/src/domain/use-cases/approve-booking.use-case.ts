import type { Booking } from '../booking';
import { assertTransition } from '../booking-transitions';
import { changeActor, transition, type LifecycleDeps, type LifecycleRequest } from './lifecycle.use-case';

/** The business accepts a booking that needed its approval (承認制): pending_approval → confirmed. */
export async function approveBooking(deps: LifecycleDeps, request: LifecycleRequest): Promise<Booking> {
  return transition(deps, request, 'approve', (booking) => {
    assertTransition('approve', booking.status);
    return { type: 'confirm', actor: changeActor(request.actor), paymentId: '' };
  });
}
