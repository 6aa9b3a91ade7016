import type { Booking } from '../booking';
import { assertTransition } from '../booking-transitions';
import { BookingErrors } from '../booking.errors';
import { changeActor, transition, type LifecycleDeps, type LifecycleRequest } from './lifecycle.use-case';

/** The customer came: confirmed → completed, once the start has passed (reviews and visit counts follow). */
export async function completeBooking(deps: LifecycleDeps, request: LifecycleRequest): Promise<Booking> {
  return transition(deps, request, 'complete', (booking, now) => {
    assertTransition('complete', booking.status);
    if (booking.startsAt.getTime() > now.getTime()) throw BookingErrors.notStarted('completed');
    return { type: 'complete', actor: changeActor(request.actor) };
  });
}
