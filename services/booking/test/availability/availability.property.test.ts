import fc from 'fast-check';
import { computeAvailability, type AvailabilityInput, type AvailableSlot } from '../../src/domain/availability';
import { addDays } from '../../src/domain/availability/local-calendar';
import { formatOffset, offsetAt, toLocal } from '../../src/domain/availability/zoned-time';
import { availabilityInputs } from './availability.arbitraries';
import { PROPERTY_RUNS } from './property-settings';
import { openOn, referenceAvailability, worksThrough } from './reference-availability';

const MINUTE = 60_000;
const ms = (instant: Date | string) => new Date(instant).getTime();

/**
 * Runs `check` on each generated input and its slots; `check` reports each broken rule, and a run with any
 * fails (fast-check then prints the seed, the shrunk input and these messages).
 */
function forAllSlots(check: (input: AvailabilityInput, slots: AvailableSlot[], problem: (message: string) => void) => void): void {
  fc.assert(fc.property(availabilityInputs, (input) => {
    const problems: string[] = [];
    check(input, computeAvailability(input).slots, (message) => problems.push(message));
    expect(problems).toEqual([]);
  }), PROPERTY_RUNS.some);
}

/** The slot's buffered window as instants. */
function window(input: AvailabilityInput, slot: AvailableSlot) {
  return { start: ms(slot.startsAt) - input.service.bufferBeforeMinutes * MINUTE, end: ms(slot.endsAt) + input.service.bufferAfterMinutes * MINUTE };
}

function joinsSession(input: AvailabilityInput, a: { startsAt: string | Date; endsAt: string | Date; serviceId?: string }, w: { start: number; end: number }) {
  return input.service.capacity > 1 && a.serviceId === input.service.id && ms(a.startsAt) === w.start && ms(a.endsAt) === w.end;
}

describe('Availability properties (America/New_York, Europe/Berlin, Asia/Tokyo, around DST changes)', () => {
  test('The generated cases are not vacuous: many have slots, some have staff, resources or seats', () => {
    const stats = { runs: 0, withSlots: 0, withStaff: 0, withResources: 0, classes: 0 };
    fc.assert(fc.property(availabilityInputs, (input) => {
      const { slots } = computeAvailability(input);
      stats.runs++;
      if (slots.length) stats.withSlots++;
      if (slots.some((s) => s.staffIds.length)) stats.withStaff++;
      if (slots.some((s) => s.resourceIds.length)) stats.withResources++;
      if (slots.length && input.service.capacity > 1) stats.classes++;
    }), PROPERTY_RUNS.some);
    expect(stats.withSlots).toBeGreaterThan(stats.runs / 3);
    expect(Math.min(stats.withStaff, stats.withResources, stats.classes)).toBeGreaterThan(10);
  });

  test('Property: the engine returns exactly what a naive linear-scan implementation of the rules returns', () => {
    fc.assert(fc.property(availabilityInputs, (input) => {
      expect(computeAvailability(input).slots).toEqual(referenceAvailability(input));
    }), PROPERTY_RUNS.some);
  });

  test('Property: slots are sorted by start and no start appears twice (not even in a repeated hour)', () => {
    forAllSlots((_input, slots, problem) => {
      slots.slice(1).forEach((slot, i) => ms(slot.startsAt) <= ms(slots[i].startsAt) && problem(`${slot.startsAt} after ${slots[i].startsAt}`));
      const walls = slots.map((s) => s.startsAt.slice(0, 16));
      if (new Set(walls).size !== walls.length) problem(`a local start time twice: ${walls.join()}`);
    });
  });

  test('Property: read back in the business’s zone, every slot is on an asked-for day, on the grid, inside one open interval', () => {
    forAllSlots((input, slots, problem) => {
      const zone = input.business.timezone;
      const days = Array.from({ length: input.query.days }, (_, i) => addDays(input.query.fromDate, i));
      for (const slot of slots) {
        const start = ms(slot.startsAt);
        const local = toLocal(start, zone);
        if (slot.startsAt !== `${local.date}T${clock(local.minute)}:00${formatOffset(offsetAt(start, zone))}`) problem(`${slot.startsAt} is not the local time in ${zone}`);
        if (!days.includes(local.date)) problem(`${slot.startsAt} is not on an asked-for day`);
        if (ms(slot.endsAt) - start !== input.service.durationMinutes * MINUTE) problem(`${slot.startsAt}–${slot.endsAt} is not the service's duration`);
        const interval = openOn(input, local.date).find(([opens, closes]) => opens <= local.minute && local.minute < closes);
        if (!interval) {
          problem(`${slot.startsAt} starts while closed`);
          continue;
        }
        const [opens, closes] = interval;
        if ((local.minute - opens) % input.business.policy.slotIntervalMinutes !== 0) problem(`${slot.startsAt} is off the grid from ${clock(opens)}`);
        // The whole slot is still that day and before closing (sampled every 15 minutes and at its last minute).
        const last = ms(slot.endsAt) - MINUTE;
        for (let t = start; t <= last; t = t < last ? Math.min(t + 15 * MINUTE, last) : last + 1) {
          const inside = toLocal(t, zone);
          if (inside.date !== local.date || inside.minute >= closes) problem(`${slot.startsAt}–${slot.endsAt} runs past ${clock(closes)}`);
        }
      }
    });
  });

  test('Property: no slot starts before now + minimum notice or after now + the booking horizon', () => {
    forAllSlots((input, slots, problem) => {
      const now = ms(input.query.now);
      const { minNoticeMinutes, bookingHorizonDays } = input.business.policy;
      for (const slot of slots) {
        if (ms(slot.startsAt) < now + minNoticeMinutes * MINUTE) problem(`${slot.startsAt} is within the notice`);
        if (ms(slot.startsAt) > now + bookingHorizonDays * 24 * 60 * MINUTE) problem(`${slot.startsAt} is beyond the horizon`);
      }
    });
  });

  test('Property: no listed person or resource is booked, off or (for people) off shift at any moment of the slot plus buffers', () => {
    forAllSlots((input, slots, problem) => {
      const party = input.query.partySize ?? 1;
      for (const slot of slots) {
        const w = window(input, slot);
        const clash = (kind: string, id: string) => input.allocations.some((a) =>
          a.subjectKind === kind && a.subjectId === id && ms(a.startsAt) < w.end && w.start < ms(a.endsAt) && !joinsSession(input, a, w));
        if (input.service.staffIds.length && !slot.staffIds.length) problem(`${slot.startsAt} has nobody to perform it`);
        for (const id of slot.staffIds) {
          const person = input.staff.find((p) => p.id === id);
          if (!person || !input.service.staffIds.includes(id)) problem(`${slot.startsAt}: ${id} doesn't perform the service`);
          if (input.query.staffId && id !== input.query.staffId) problem(`${slot.startsAt}: ${id} was not chosen`);
          if (clash('staff', id)) problem(`${slot.startsAt}: ${id} is booked`);
          if (person?.timeOff.some((t) => ms(t.startsAt) < w.end && w.start < ms(t.endsAt))) problem(`${slot.startsAt}: ${id} is off`);
          if (person && !worksThrough(input, person.weekly, slot.startsAt.slice(0, 10), w)) problem(`${slot.startsAt}: ${id} is not at work`);
        }
        const kinds = new Set(input.resources.filter((r) => slot.resourceIds.includes(r.id)).map((r) => r.kind));
        if ([...kinds].sort().join() !== [...new Set(input.service.requiredResourceKinds)].sort().join()) problem(`${slot.startsAt}: resources ${slot.resourceIds.join()}`);
        for (const id of slot.resourceIds) {
          if ((input.resources.find((r) => r.id === id)?.capacity ?? 0) < party) problem(`${slot.startsAt}: ${id} is too small`);
          if (clash('resource', id)) problem(`${slot.startsAt}: ${id} is booked`);
        }
      }
    });
  });

  test('Property: seats are never oversold: the party fits in what the overlapping bookings leave', () => {
    forAllSlots((input, slots, problem) => {
      const { capacity, id, bufferBeforeMinutes, bufferAfterMinutes } = input.service;
      const party = input.query.partySize ?? 1;
      for (const slot of slots) {
        if (party > capacity || slot.remaining < party) problem(`${slot.startsAt}: ${slot.remaining} left for a party of ${party}`);
        if (capacity === 1) continue;
        const taken = input.allocations.filter((a) => a.subjectKind === 'service' && a.subjectId === id).reduce((sum, a) => {
          const [from, to] = [ms(a.startsAt) + bufferBeforeMinutes * MINUTE, ms(a.endsAt) - bufferAfterMinutes * MINUTE];
          const [start, end] = to > from ? [from, to] : [ms(a.startsAt), ms(a.endsAt)];
          return start < ms(slot.endsAt) && ms(slot.startsAt) < end ? sum + a.seats : sum;
        }, 0);
        if (slot.remaining !== capacity - taken || taken + party > capacity) problem(`${slot.startsAt}: ${taken} of ${capacity} taken, ${slot.remaining} said left`);
      }
    });
  });
});

function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
