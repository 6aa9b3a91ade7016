import type { Booking } from '../booking';
import { assertTransition } from '../booking-transitions';
import { BookingErrors } from '../booking.errors';
import { changeActor, transition, type LifecycleDeps, type LifecycleRequest } from './lifecycle.use-case';

/** The customer did not come (無断キャンセル): confirmed → no_show, once the start has passed. */
export async function markNoShow(deps: LifecycleDeps, request: LifecycleRequest): Promise<Booking> {
  return transition(deps, request, 'no_show', (booking, now) => {
    assertTransition('no_show', booking.status);
    if (booking.startsAt.getTime() > now.getTime()) throw BookingErrors.notStarted('marked a no-show');
    return { type: 'no_show', actor: changeActor(request.actor) };
  });
}
