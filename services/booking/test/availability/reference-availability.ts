/**
 * A deliberately naive second implementation of the availability rules, for property tests: every check
 * is a linear scan over the raw input, every conversion a one-off zoned-time call. It shares none of the
 * engine's indexes, caches or day objects, so the two agreeing means those are right.
 */
import type { Allocation, AvailabilityInput, AvailableSlot } from '../../src/domain/availability';
import { addDays, clockMinutes, isoWeekday } from '../../src/domain/availability/local-calendar';
import * as zoned from '../../src/domain/availability/zoned-time';
import { formatRfc3339, offsetAt } from '../../src/domain/availability/zoned-time';

/** The one-off conversions, remembered (the same few local times are converted over and over). */
const memo = new Map<string, number | null>();
function remembered<T extends number | null>(convert: (date: string, minute: number, zone: string) => T, name: string) {
  return (date: string, minute: number, zone: string): T => {
    const key = `${name} ${zone} ${date} ${minute}`;
    if (!memo.has(key)) memo.set(key, convert(date, minute, zone));
    return memo.get(key) as T;
  };
}
const localToInstant = remembered(zoned.localToInstant, 'exact');
const firstInstantAtOrAfter = remembered(zoned.firstInstantAtOrAfter, 'first');

const MINUTE = 60_000;
type Interval = [number, number];
type Span = { start: number; end: number };

/** The business's open intervals on a local date, merged where they touch. */
export function openOn(input: AvailabilityInput, date: string): Interval[] {
  const { closures, specialDays, holidays, weekly } = input.hours;
  if (holidays.includes(date) || closures.some((c) => c.from <= date && date <= c.to)) return [];
  const special = specialDays.filter((s) => s.from <= date && date <= s.to);
  return merged(special.length ? special : weekly.filter((w) => w.weekday === isoWeekday(date)));
}

function merged(intervals: Array<{ opens: string; closes: string }>): Interval[] {
  const sorted = intervals.map((i): Interval => [clockMinutes(i.opens), clockMinutes(i.closes, true)]).sort((a, b) => a[0] - b[0]);
  const out: Interval[] = [];
  for (const [o, c] of sorted) {
    const last = out[out.length - 1];
    if (last && o <= last[1]) last[1] = Math.max(last[1], c);
    else out.push([o, c]);
  }
  return out;
}

const ms = (instant: Date | string) => new Date(instant).getTime();
const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

export function referenceAvailability(input: AvailabilityInput): AvailableSlot[] {
  const { business, service, query } = input;
  const zone = business.timezone;
  const party = query.partySize ?? 1;
  if (party > service.capacity || (query.staffId && !service.staffIds.includes(query.staffId))) return [];
  const now = ms(query.now);
  const [dur, before, after] = [service.durationMinutes, service.bufferBeforeMinutes, service.bufferAfterMinutes].map((m) => m * MINUTE);
  const joins = (a: Span & { serviceId?: string }, w: Span) => service.capacity > 1 && a.serviceId === service.id && a.start === w.start && a.end === w.end;
  const busyFor = (kind: Allocation['subjectKind'], id: string) =>
    input.allocations.filter((a) => a.subjectKind === kind && a.subjectId === id).map((a) => ({ start: ms(a.startsAt), end: ms(a.endsAt), seats: a.seats, serviceId: a.serviceId }));
  const free = (busy: Array<Span & { serviceId?: string }>, w: Span) => !busy.some((a) => overlaps(a, w) && !joins(a, w));

  const performers = [...new Set(service.staffIds)].filter((id) => !query.staffId || id === query.staffId)
    .flatMap((id) => {
      const person = input.staff.find((p) => p.id === id);
      if (!person) return [];
      const timeOff = person.timeOff.map((t) => ({ start: ms(t.startsAt), end: ms(t.endsAt) }));
      return [{ id, timeOff, busy: busyFor('staff', id), works: workingSpans(input, person.weekly, query.fromDate, query.days) }];
    });
  const slots: AvailableSlot[] = [];
  for (let d = 0; d < query.days; d++) {
    const date = addDays(query.fromDate, d);
    for (const [opens, closes] of openOn(input, date)) {
      const closeAt = firstInstantAtOrAfter(date, closes, zone);
      for (let wall = opens; wall < closes; wall += business.policy.slotIntervalMinutes) {
        const start = localToInstant(date, wall, zone);
        if (start === null) continue;
        const end = start + dur;
        const w = { start: start - before, end: end + after };
        if (end > closeAt || start < now + business.policy.minNoticeMinutes * MINUTE || start > now + business.policy.bookingHorizonDays * 1440 * MINUTE) continue;

        const staffIds = performers
          .filter((p) => covered(p.works, w) && free(p.busy, w) && !p.timeOff.some((t) => overlaps(t, w)))
          .map((p) => p.id);
        if (service.staffIds.length > 0 && staffIds.length === 0) continue;

        const freeByKind = [...new Set(service.requiredResourceKinds)].map((kind) =>
          input.resources.filter((r) => r.kind === kind && r.capacity >= party && free(busyFor('resource', r.id), w)).map((r) => r.id));
        if (freeByKind.some((ids) => ids.length === 0)) continue;

        let remaining: number;
        if (service.capacity > 1) {
          const seats = busyFor('service', service.id).map((a) => ({ ...a, start: a.start + before, end: a.end - after }))
            .map((core, i) => (core.end > core.start ? core : busyFor('service', service.id)[i]));
          remaining = service.capacity - seats.filter((a) => overlaps(a, { start, end })).reduce((sum, a) => sum + a.seats, 0);
          if (remaining < party) continue;
        } else if (service.staffIds.length === 0 && freeByKind.length === 0) {
          if (busyFor('service', service.id).some((a) => overlaps(a, w))) continue;
          remaining = 1;
        } else {
          remaining = Math.min(service.staffIds.length ? staffIds.length : Infinity, ...freeByKind.map((ids) => ids.length));
        }
        slots.push({
          startsAt: formatRfc3339(start, offsetAt(start, zone)), endsAt: formatRfc3339(end, offsetAt(end, zone)),
          staffIds, resourceIds: freeByKind.flat(), remaining,
        });
      }
    }
  }
  return slots;
}

/** The person's working time (own week, or the business's hours when empty) from a few days before `from` to a few after. */
function workingSpans(input: AvailabilityInput, weekly: AvailabilityInput['hours']['weekly'], from: string, days: number): Span[] {
  const zone = input.business.timezone;
  const spans: Span[] = [];
  for (let n = -3; n <= days + 3; n++) {
    const day = addDays(from, n);
    const intervals = weekly.length ? merged(weekly.filter((i) => i.weekday === isoWeekday(day))) : openOn(input, day);
    for (const [o, c] of intervals) spans.push({ start: firstInstantAtOrAfter(day, o, zone), end: firstInstantAtOrAfter(day, c, zone) });
  }
  return spans;
}

/** Whether the spans cover the window without a gap. */
function covered(spans: Span[], w: Span): boolean {
  let reached = w.start;
  for (let progress = true; reached < w.end && progress;) {
    progress = false;
    for (const s of spans) {
      if (s.start <= reached && reached < s.end) {
        reached = s.end;
        progress = true;
      }
    }
  }
  return reached >= w.end;
}

/** Whether the person works through the whole window that belongs to a slot on `date`. */
export function worksThrough(input: AvailabilityInput, weekly: AvailabilityInput['hours']['weekly'], date: string, w: Span): boolean {
  return covered(workingSpans(input, weekly, date, 1), w);
}
