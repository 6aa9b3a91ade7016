import type { BookingLifecycleRepository } from '../../data-access/booking-lifecycle.repository';
import { accessBooking, type Actor } from '../actor';
import { datesAffectedBy, type AvailabilityCache } from '../availability-cache';
import type { Booking } from '../booking';
import type { BookingChange, ChangeActor } from '../booking-change';
import { assertActorMay, type BookingAction } from '../booking-transitions';

export interface LifecycleDeps {
  lifecycle: BookingLifecycleRepository;
  availability: AvailabilityCache;
  now?: () => Date;
}

/**
 * Changes of status only: a held or pending_approval booking already holds active allocations (they are
 * written with the booking, whatever its status), and confirming or approving it touches only its status,
 * so what anyone can book stays the same; neither does completing a visit. Cancelling, a no-show and a
 * reschedule release or move allocations.
 */
const KEEPS_AVAILABILITY: BookingAction[] = ['confirm', 'approve', 'complete'];

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
 * Once it is committed, the cached availability of the dates it can touch is forgotten: around the booking's
 * date before the change (read on the locked row) and after it, which differ for a reschedule.
 */
export async function transition(
  deps: LifecycleDeps,
  request: LifecycleRequest,
  action: BookingAction,
  decide: (booking: Booking, now: Date) => BookingChange,
): Promise<Booking> {
  assertActorMay(action, request.actor.kind);
  const now = deps.now?.() ?? new Date();
  const seen: { before?: Booking } = {};
  const booking = await deps.lifecycle.change(request.businessId, request.bookingId, now, (record) => {
    seen.before = accessBooking(record, request.actor);
    return decide(seen.before, now);
  });
  if (!KEEPS_AVAILABILITY.includes(action)) {
    await deps.availability.forgetDates(request.businessId, datesAffectedBy(seen.before?.bookingDate ?? booking.bookingDate, booking.bookingDate));
  }
  return booking;
}
