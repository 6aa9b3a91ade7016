import { planAvailability, type AvailabilityPlan } from './availability-plan';
import type { AvailabilityInput, AvailabilityResult, AvailableSlot } from './availability.types';
import { localDays, type LocalDay } from './local-days';
import { OpeningHours } from './opening-hours';
import { fitSlot } from './slot-fit';
import { buildCalendars, type Calendars } from './subject-calendars';

/**
 * The bookable slots of one service over 1–31 local days, sorted by start.
 *
 * A slot [start, start + duration) lies inside one open interval of its local day (weekly hours, or the
 * special day's hours that replace them; none on a closure or holiday) and starts on the slot grid
 * counted in local time from that interval's opening. Wall-clock times a DST change skips are not
 * offered; those it repeats are offered once, at their first occurrence. Durations are real elapsed time.
 * The slot plus its buffers needs a performer who is scheduled, not off and not booked (when the
 * service has staff), one free resource of every required kind with capacity ≥ party size, and, for a
 * capacity service, seats for the party. It starts no earlier than now + minimum notice and no later
 * than now + horizon days.
 */
export function computeAvailability(input: AvailabilityInput): AvailabilityResult {
  const plan = planAvailability(input);
  const chosenIsStranger = plan.staffId !== undefined && !input.service.staffIds.includes(plan.staffId);
  if (plan.partySize > plan.capacity || chosenIsStranger) return { slots: [] };

  const days = localDays(plan.scheduleDates, plan.zone, new OpeningHours(input.hours));
  const calendars = buildCalendars(input, plan, plan.scheduleDates.map((date) => days.get(date)!));

  const slots: AvailableSlot[] = [];
  for (const date of plan.dates) {
    if (!slotsOfDay(days.get(date)!, calendars, plan, slots)) break;
  }
  return { slots };
}

/** Appends the day's slots; false once past the booking horizon (no later day can have any). */
function slotsOfDay({ clock, open }: LocalDay, calendars: Calendars, plan: AvailabilityPlan, slots: AvailableSlot[]): boolean {
  for (const { opens, closes } of open) {
    const closesAt = clock.firstAtOrAfter(closes);
    for (let minute = opens; minute < closes; minute += plan.stepMinutes) {
      const start = clock.instantAt(minute);
      if (start === null) continue; // skipped by a spring-forward gap
      const end = start + plan.durationMs;
      if (end > closesAt) break; // later starts end later still
      if (start > plan.latestStart) return false;
      if (start < plan.earliestStart) continue;
      const fit = fitSlot(calendars, plan, { start, end, busyFrom: start - plan.bufferBeforeMs, busyTo: end + plan.bufferAfterMs });
      if (fit) slots.push({ startsAt: clock.format(start), endsAt: clock.format(end), ...fit });
    }
  }
  return true;
}
