import type { AvailabilityInput } from './availability';
// The engine's own building blocks, so a booking is judged by exactly the rules that list slots.
import { planAvailability } from './availability/availability-plan';
import { localDays } from './availability/local-days';
import { OpeningHours } from './availability/opening-hours';
import { fitSlot, type SlotFit } from './availability/slot-fit';
import { SpanSet } from './availability/span-index';
import { buildCalendars } from './availability/subject-calendars';
import { toLocal } from './availability/zoned-time';
import { BookingErrors } from './booking.errors';

/** Who and what a booking takes: one performer (when the service has staff) and one resource per required kind. */
export interface SubjectChoice {
  staffId: string | null;
  resourceIds: string[];
}

/** What the booking had before (a reschedule keeps it when it is still free). */
export type Preference = Partial<SubjectChoice>;

/**
 * Whether [startsAt, startsAt + duration) can be booked, and by whom. The input's query names the
 * chosen person and party size; its allocations are everyone else's (a booking being moved is left out).
 * Grid and notice are not checked here: the slot interval paces the listed slots, and checkBookingWindow
 * applies notice and horizon with its own messages. Seats of a capacity service are left to the
 * repository's locked count, which knows the exact number left.
 */
export function chooseSubjects(input: AvailabilityInput, startsAt: Date, prefer: Preference = {}): SubjectChoice {
  const withoutSeats = input.service.capacity > 1
    ? input.allocations.filter((a) => !(a.subjectKind === 'service' && a.subjectId === input.service.id))
    : input.allocations;
  const fit = fitAt({ ...input, allocations: withoutSeats }, startsAt.getTime());
  if (!fit) {
    // Free if nobody had booked? Then bookings are in the way (409); else the calendar says no (422).
    throw fitAt({ ...input, allocations: [] }, startsAt.getTime()) ? BookingErrors.slotTaken() : BookingErrors.slotUnavailable();
  }
  const staffId = input.service.staffIds.length ? pick(fit.staffIds, prefer.staffId ? [prefer.staffId] : []) : null;
  const kindOf = new Map(input.resources.map((r) => [r.id, r.kind]));
  const resourceIds = [...new Set(input.service.requiredResourceKinds)].map((kind) =>
    pick(fit.resourceIds.filter((id) => kindOf.get(id) === kind), prefer.resourceIds ?? []),
  );
  return { staffId, resourceIds };
}

/**
 * The engine's slot check at one instant, which needs not be on the slot grid. The slot must lie in the
 * business's open time; unlike the listed slots, which stay inside one interval of their local day, a
 * slot may run on past midnight into an interval that opens then (00:00), as a business open around the
 * clock expects.
 */
function fitAt(input: AvailabilityInput, start: number): SlotFit | null {
  const zone = input.business.timezone;
  const fromDate = toLocal(start, zone).date;
  const plan = planAvailability({ ...input, query: { ...input.query, fromDate, days: 1 } });
  const days = localDays(plan.scheduleDates, zone, new OpeningHours(input.hours));
  const around = plan.scheduleDates.map((date) => days.get(date)!);
  const open = new SpanSet(around.flatMap(({ clock, open }) => open.map((i) => ({ start: clock.firstAtOrAfter(i.opens), end: clock.firstAtOrAfter(i.closes) }))));
  const end = start + plan.durationMs;
  if (!open.covers(start, end)) return null;
  const window = { start, end, busyFrom: start - plan.bufferBeforeMs, busyTo: end + plan.bufferAfterMs };
  return fitSlot(buildCalendars(input, plan, around), plan, window);
}

/** The preferred candidate when it is free, else any free one: spreading picks makes concurrent requests collide less. */
function pick(free: string[], preferred: string[]): string {
  return free.find((id) => preferred.includes(id)) ?? free[Math.floor(Math.random() * free.length)]!;
}
