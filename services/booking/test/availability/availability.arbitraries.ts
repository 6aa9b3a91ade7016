import fc from 'fast-check';
import type { Allocation, AvailabilityInput, TimeSpan, WeeklyInterval } from '../../src/domain/availability';
import { addDays } from '../../src/domain/availability/local-calendar';

/**
 * Zones with DST on both sides of the Atlantic, and one without, each with weeks that query from a few
 * days before its 2027 clock changes (New York 03-14 and 11-07, Berlin 03-28 and 10-31) or none.
 */
const ZONE_WEEKS: Array<[string, string]> = [
  ['America/New_York', '2027-03-11'], ['America/New_York', '2027-11-04'], ['America/New_York', '2027-07-01'],
  ['Europe/Berlin', '2027-03-25'], ['Europe/Berlin', '2027-10-28'], ['Asia/Tokyo', '2027-03-11'],
];
const STAFF_IDS = ['s0', 's1', 's2'];
const KINDS = ['chair', 'room'];
const MINUTE = 60_000;

const clock = (quarter: number) => `${String(Math.floor(quarter / 4)).padStart(2, '0')}:${String((quarter % 4) * 15).padStart(2, '0')}`;

/** 0–2 disjoint intervals of a day on quarter hours, night hours (where DST changes happen) included. */
const randomDay = fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 4 }).map((bounds) => {
  const sorted = [...bounds].sort((a, b) => a - b);
  const out: Array<{ opens: string; closes: string }> = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) out.push({ opens: clock(sorted[i]), closes: clock(sorted[i + 1]) });
  return out;
});
const dayIntervals = fc.oneof(
  { arbitrary: randomDay, weight: 3 },
  { arbitrary: fc.constant([{ opens: '09:00', closes: '12:00' }, { opens: '13:00', closes: '18:00' }]), weight: 1 },
  { arbitrary: fc.constant([{ opens: '00:00', closes: '04:00' }, { opens: '08:00', closes: '20:00' }]), weight: 1 },
  { arbitrary: fc.constant([{ opens: '00:00', closes: '24:00' }]), weight: 1 },
);

const week: fc.Arbitrary<WeeklyInterval[]> = fc.tuple(...[1, 2, 3, 4, 5, 6, 7].map((weekday) =>
  dayIntervals.map((intervals) => intervals.map((i) => ({ weekday, ...i }))))).map((days) => days.flat());

/** A business, a service and its busy world, around one of the DST weeks. */
export const availabilityInputs: fc.Arbitrary<AvailabilityInput> = fc.record({
  zoneWeek: fc.tuple(fc.constantFrom(...ZONE_WEEKS), fc.integer({ min: 0, max: 3 })).map(([[zone, date], n]) => ({ zone, fromDate: addDays(date, n) })),
  days: fc.integer({ min: 1, max: 7 }),
  service: fc.record({
    id: fc.constant('svc'),
    durationMinutes: fc.oneof(fc.constantFrom(15, 30, 45, 60, 90, 120), fc.integer({ min: 5, max: 240 })),
    bufferBeforeMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 9 }).map((n) => n * 5)),
    bufferAfterMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 9 }).map((n) => n * 5)),
    capacity: fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 8 })),
    requiredResourceKinds: fc.oneof({ arbitrary: fc.constant<string[]>([]), weight: 2 }, { arbitrary: fc.subarray(KINDS, { minLength: 1 }), weight: 1 }),
    staffIds: fc.oneof({ arbitrary: fc.constant<string[]>([]), weight: 1 }, { arbitrary: fc.subarray([...STAFF_IDS, 'unknown'], { minLength: 1 }), weight: 2 }),
  }),
}).chain(({ zoneWeek: { zone, fromDate }, days, service }) => {
  const base = Date.parse(`${fromDate}T00:00:00Z`);
  const instant = fc.integer({ min: -2 * 288, max: (days + 2) * 288 }).map((n) => new Date(base + n * 5 * MINUTE).toISOString());
  const span: fc.Arbitrary<TimeSpan> = fc.tuple(instant, fc.integer({ min: 5, max: 240 }))
    .map(([startsAt, minutes]) => ({ startsAt, endsAt: new Date(Date.parse(startsAt) + minutes * MINUTE).toISOString() }));
  const occupied = service.durationMinutes + service.bufferBeforeMinutes + service.bufferAfterMinutes;
  // Half-hour starts with exactly the service's occupied length often coincide with a slot: a session to join.
  const session = fc.integer({ min: -48, max: (days + 1) * 48 }).map((half) => {
    const start = base + half * 30 * MINUTE - service.bufferBeforeMinutes * MINUTE;
    return { startsAt: new Date(start).toISOString(), endsAt: new Date(start + occupied * MINUTE).toISOString() };
  });
  // Allocations that end exactly where a half-hour slot's buffered window starts, or start where one ends: the off-by-one cases.
  const adjacent = fc.tuple(fc.integer({ min: -48, max: (days + 1) * 48 }), fc.integer({ min: 5, max: 180 }), fc.boolean()).map(([half, minutes, before]) => {
    const slotStart = base + half * 30 * MINUTE;
    const start = before ? slotStart - (service.bufferBeforeMinutes + minutes) * MINUTE : slotStart + (service.durationMinutes + service.bufferAfterMinutes) * MINUTE;
    return { startsAt: new Date(start).toISOString(), endsAt: new Date(start + minutes * MINUTE).toISOString() };
  });
  const subject = fc.constantFrom<[Allocation['subjectKind'], string]>(
    ...STAFF_IDS.map((id): [Allocation['subjectKind'], string] => ['staff', id]),
    ['resource', 'r0'], ['resource', 'r1'], ['resource', 'r2'], ['resource', 'r3'], ['service', 'svc'], ['service', 'svc'], ['service', 'other'],
  );
  const sessionSubject = fc.constantFrom<[Allocation['subjectKind'], string]>(['staff', 's0'], ['staff', 's1'], ['resource', 'r0'], ['resource', 'r1']);
  const allocation: fc.Arbitrary<Allocation> = fc.oneof(
    fc.record({ subject, when: fc.oneof(span, adjacent), seats: fc.integer({ min: 1, max: 4 }), serviceId: fc.constantFrom(undefined, 'svc', 'other') }),
    fc.record({ subject: sessionSubject, when: session, seats: fc.integer({ min: 1, max: 4 }), serviceId: fc.constant('svc') }),
  ).map(({ subject: [subjectKind, subjectId], when, seats, serviceId }) => ({ subjectKind, subjectId, ...when, seats, ...(serviceId ? { serviceId } : {}) }));
  const dateNear = fc.integer({ min: -2, max: days + 1 }).map((n) => addDays(fromDate, n));
  const range = fc.tuple(dateNear, fc.integer({ min: 0, max: 2 })).map(([from, n]) => ({ from, to: addDays(from, n) }));

  return fc.record({
    business: fc.record({
      timezone: fc.constant(zone),
      policy: fc.record({
        minNoticeMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 288 }).map((n) => n * 5)),
        bookingHorizonDays: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constant(60)),
        slotIntervalMinutes: fc.constantFrom(5, 10, 15, 20, 30, 45, 60, 90),
      }),
    }),
    service: fc.constant(service),
    hours: fc.record({
      weekly: week,
      closures: fc.array(range, { maxLength: 2 }),
      specialDays: fc.array(fc.tuple(range, dayIntervals).chain(([r, intervals]) => fc.constant(intervals.map((i) => ({ ...r, ...i })))), { maxLength: 2 }).map((d) => d.flat()),
      holidays: fc.array(dateNear, { maxLength: 2 }),
    }),
    staff: fc.subarray(STAFF_IDS, { minLength: 2 }).chain((ids) => fc.tuple(...ids.map((id) => fc.record({
      id: fc.constant(id),
      weekly: fc.oneof({ arbitrary: fc.constant<WeeklyInterval[]>([]), weight: 2 }, { arbitrary: week, weight: 1 }),
      timeOff: fc.array(span, { maxLength: 2 }),
    })))),
    resources: fc.array(fc.record({ kind: fc.constantFrom(...KINDS), capacity: fc.integer({ min: 1, max: 6 }) }), { minLength: 1, maxLength: 4 })
      .map((list) => list.map((r, i) => ({ id: `r${i}`, ...r }))),
    allocations: fc.array(allocation, { maxLength: 30 }),
    query: fc.record({
      fromDate: fc.constant(fromDate),
      days: fc.constant(days),
      now: fc.integer({ min: -3 * 288, max: 144 }).map((n) => new Date(base + n * 5 * MINUTE).toISOString()),
      partySize: fc.oneof({ arbitrary: fc.constant(1), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 4 }), weight: 1 }),
      staffId: fc.oneof({ arbitrary: fc.constant(undefined), weight: 6 }, { arbitrary: fc.constantFrom('s0', 's1', 'unknown'), weight: 1 }),
    }, { requiredKeys: ['fromDate', 'days', 'now', 'partySize'] }),
  });
});
