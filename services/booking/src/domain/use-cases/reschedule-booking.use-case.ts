import type { GrpcClient } from '@omotenashi/grpc';
import type { catalogV1 } from '@omotenashi/proto';
import { accessBooking, type Actor } from '../actor';
import { checkBookingWindow, localDate, parseInstant, type Booking } from '../booking';
import type { BookingChange } from '../booking-change';
import { assertActorMay, assertTransition } from '../booking-transitions';
import { BookingErrors } from '../booking.errors';
import { cutoffOf } from '../cancellation-terms';
import { changeActor, transition, type LifecycleDeps, type LifecycleRequest } from './lifecycle.use-case';

export interface RescheduleRequest extends LifecycleRequest {
  startsAt: string;
}

/** The catalog's current rules for the new time (what was snapshotted governs the cut-off only). */
export interface RescheduleTarget {
  startsAt: Date;
  policy: { minNoticeMinutes?: number; bookingHorizonDays?: number };
  timezone: string;
  capacity: number;
}

/**
 * Guests may move a booking until the snapshotted reschedule cut-off, the business until it starts.
 * The new time passes the same notice and horizon as a new booking; the booked length and buffers move
 * with it, and booking_date is recomputed in the business's zone. The same time again changes nothing.
 */
export function decideReschedule(booking: Booking, actor: Actor, target: RescheduleTarget, now: Date): BookingChange {
  assertTransition('reschedule', booking.status);
  if (booking.startsAt.getTime() <= now.getTime()) throw BookingErrors.rescheduleWindowClosed();
  const cutoffHours = booking.policy.rescheduleCutoffHours;
  if (actor.kind === 'guest' && now.getTime() > cutoffOf(booking.startsAt, cutoffHours).getTime()) {
    throw BookingErrors.rescheduleWindowClosed(cutoffHours);
  }
  if (target.startsAt.getTime() === booking.startsAt.getTime()) return { type: 'none' };
  checkBookingWindow(target.startsAt, now, target.policy);
  const endsAt = new Date(target.startsAt.getTime() + (booking.endsAt.getTime() - booking.startsAt.getTime()));
  return {
    type: 'reschedule',
    actor: changeActor(actor),
    startsAt: target.startsAt,
    endsAt,
    bookingDate: localDate(target.startsAt, target.timezone),
    capacity: target.capacity,
  };
}

export async function rescheduleBooking(
  deps: LifecycleDeps & { catalog: GrpcClient<catalogV1.CatalogServiceClient> },
  request: RescheduleRequest,
): Promise<Booking> {
  const startsAt = parseInstant(request.startsAt, '/starts_at');
  assertActorMay('reschedule', request.actor.kind);
  // Which service to ask the catalog about; the decision itself is made again on the locked row.
  const current = accessBooking(await deps.lifecycle.findRecord(request.businessId, request.bookingId), request.actor);
  const [{ business }, { service }] = await Promise.all([
    deps.catalog.call('getBusiness', { businessId: request.businessId }),
    deps.catalog.call('getService', { businessId: request.businessId, serviceId: current.serviceId }),
  ]);
  if (!business || !service) throw BookingErrors.bookingNotFound();
  const target = { startsAt, policy: business.policy ?? {}, timezone: business.timezone, capacity: service.capacity };
  return transition(deps, request, 'reschedule', (booking, now) => decideReschedule(booking, request.actor, target, now));
}
