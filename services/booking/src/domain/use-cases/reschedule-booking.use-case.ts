import { accessBooking, type Actor } from '../actor';
import { checkBookingWindow, localDate, parseInstant, type Booking } from '../booking';
import type { BookingChange, MovedAllocation } from '../booking-change';
import { assertActorMay, assertTransition } from '../booking-transitions';
import { BookingErrors } from '../booking.errors';
import { cutoffOf } from '../cancellation-terms';
import { availabilityInput, isStandalone, type SchedulingData } from '../scheduling';
import { chooseSubjects } from '../slot-choice';
import { changeActor, transition, type LifecycleDeps, type LifecycleRequest } from './lifecycle.use-case';
import { readAllocations, readSchedulingAround, writeWithFreshPick, type SchedulingDeps } from './scheduling-context';

const MINUTE = 60_000;

export interface RescheduleRequest extends LifecycleRequest {
  startsAt: string;
}

/** The catalog's current rules for the new time (what was snapshotted governs the cut-off only). */
export interface RescheduleTarget {
  startsAt: Date;
  policy: { minNoticeMinutes?: number; bookingHorizonDays?: number };
  timezone: string;
  capacity: number;
  /** Who and what the booking takes at the new time, as the availability engine picked them. */
  allocation?: MovedAllocation;
}

/**
 * Guests may move a booking until the snapshotted reschedule cut-off, the business until it starts.
 * The new time passes the same notice and horizon as a new booking; the booked length moves with it,
 * and booking_date is recomputed in the business's zone. The same time again changes nothing.
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
    ...(target.allocation && { allocation: target.allocation }),
  };
}

/**
 * Moves a booking. The rules that need no calendar answer first; then the availability engine judges the
 * new time against everyone else's allocations and picks who and what the booking takes there (the
 * person the customer chose stays; an assigned one stays when free), and the move is decided again on
 * the locked row. Losing the race for the pick once earns one fresh pick.
 */
export async function rescheduleBooking(deps: LifecycleDeps & SchedulingDeps, request: RescheduleRequest): Promise<Booking> {
  const startsAt = parseInstant(request.startsAt, '/starts_at');
  assertActorMay('reschedule', request.actor.kind);
  const record = await deps.lifecycle.findRecord(request.businessId, request.bookingId);
  const current = accessBooking(record, request.actor);
  const data = await readSchedulingAround(deps, request.businessId, current.serviceId, startsAt);
  const base: RescheduleTarget = { startsAt, policy: data.business.policy ?? {}, timezone: data.business.timezone, capacity: data.service.capacity };
  const move = (target: RescheduleTarget) =>
    transition(deps, request, 'reschedule', (booking, now) => decideReschedule(booking, request.actor, target, now));
  if (decideReschedule(current, request.actor, base, deps.now?.() ?? new Date()).type === 'none') return move(base);

  const choose = async (): Promise<RescheduleTarget> => ({
    ...base,
    allocation: await allocationAt(deps, data, current, record?.staffRequested ?? false, startsAt, deps.now?.() ?? new Date()),
  });
  return writeWithFreshPick(choose, move, !isStandalone(data));
}

async function allocationAt(
  deps: SchedulingDeps,
  data: SchedulingData,
  booking: Booking,
  staffRequested: boolean,
  startsAt: Date,
  now: Date,
): Promise<MovedAllocation> {
  const { service, business } = data;
  const lengthMs = booking.endsAt.getTime() - booking.startsAt.getTime();
  const date = localDate(startsAt, business.timezone);
  // The booking does not compete with itself, and keeps the length it was booked with.
  const others = (await readAllocations(deps, data, date, date)).filter((a) => a.bookingId !== booking.id);
  const asBooked = { ...data, service: { ...service, durationMinutes: Math.ceil(lengthMs / MINUTE) } };
  const chosen = staffRequested && booking.staffId ? booking.staffId : undefined;
  const query = { fromDate: date, days: 1, now, staffId: chosen, partySize: booking.partySize };
  const choice = chooseSubjects(availabilityInput(asBooked, others, query), startsAt, {
    staffId: booking.staffId ?? undefined,
    resourceIds: booking.resourceIds,
  });
  return {
    ...choice,
    occupiedFrom: new Date(startsAt.getTime() - service.bufferBeforeMinutes * MINUTE),
    occupiedTo: new Date(startsAt.getTime() + lengthMs + service.bufferAfterMinutes * MINUTE),
    standalone: isStandalone(data),
  };
}
