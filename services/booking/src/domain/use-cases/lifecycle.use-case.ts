import type { BookingLifecycleRepository } from '../../data-access/booking-lifecycle.repository';
import { accessBooking, type Actor } from '../actor';
import type { AvailabilityCache } from '../availability-cache';
import type { Booking } from '../booking';
import type { BookingChange, ChangeActor } from '../booking-change';
import { assertActorMay, type BookingAction } from '../booking-transitions';

export interface LifecycleDeps {
  lifecycle: BookingLifecycleRepository;
  availability: AvailabilityCache;
  now?: () => Date;
}

/** Completing a visit changes nothing anyone could book; every other change may free or take time. */
const KEEPS_AVAILABILITY: BookingAction[] = ['complete'];

/** Every lifecycle request: which booking of which business, and who asks. */
export interface LifecycleRequest {
  businessId: string;
  bookingId: string;
  actor: Actor;
}

export function changeActor(actor: Actor): ChangeActor {
  return { kind: actor.kind, id: actor.id };
}

/**
 * The shape every lifecycle use case shares: refuse actors the action is not for (before reading
 * anything), then decide on the locked booking the actor may see, and write the change with its event.
 * Once it is committed, the business's cached availability is forgotten.
 */
export async function transition(
  deps: LifecycleDeps,
  request: LifecycleRequest,
  action: BookingAction,
  decide: (booking: Booking, now: Date) => BookingChange,
): Promise<Booking> {
  assertActorMay(action, request.actor.kind);
  const now = deps.now?.() ?? new Date();
  const booking = await deps.lifecycle.change(request.businessId, request.bookingId, now, (record) => decide(accessBooking(record, request.actor), now));
  if (!KEEPS_AVAILABILITY.includes(action)) await deps.availability.forgetBusiness(request.businessId);
  return booking;
}
