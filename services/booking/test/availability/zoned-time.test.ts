import fc from 'fast-check';
import { addDays, isoWeekday } from '../../src/domain/availability/local-calendar';
import {
  firstInstantAtOrAfter,
  formatOffset,
  formatRfc3339,
  instantsAt,
  localToInstant,
  exactOffsetAt,
  offsetAt,
  toLocal,
} from '../../src/domain/availability/zoned-time';
import { ZonedDay } from '../../src/domain/availability/zoned-day';
import { PROPERTY_RUNS } from './property-settings';

const utc = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
/** Clock changes: spring forward and fall back in New York and Berlin, Lord Howe's half hour, Santiago's skipped midnight. */
const CHANGES: Array<[string, string]> = [
  ['America/New_York', '2027-03-14T07:00:00Z'], ['America/New_York', '2027-11-07T06:00:00Z'],
  ['Europe/Berlin', '2027-03-28T01:00:00Z'], ['Europe/Berlin', '2027-10-31T01:00:00Z'],
  ['Australia/Lord_Howe', '2027-04-03T15:00:00Z'], ['Australia/Lord_Howe', '2027-10-02T15:30:00Z'],
  ['America/Santiago', '2026-09-06T04:00:00Z'], ['America/Santiago', '2027-04-04T03:00:00Z'],
];
const ZONES = ['America/New_York', 'Europe/Berlin', 'Asia/Tokyo', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kolkata', 'UTC'];

describe('zoned time', () => {
  test('When a local time is ordinary, then it has one instant and formats with the zone’s offset', () => {
    expect(localToInstant('2027-03-14', 9 * 60, 'Asia/Tokyo')).toBe(utc('2027-03-14T00:00:00Z'));
    expect(localToInstant('2027-03-14', 10 * 60, 'America/New_York')).toBe(utc('2027-03-14T14:00:00Z'));
    expect(formatRfc3339(utc('2027-03-14T14:00:00Z'), offsetAt(utc('2027-03-14T14:00:00Z'), 'America/New_York'))).toBe('2027-03-14T10:00:00-04:00');
    expect(formatRfc3339(utc('2027-01-10T00:00:00Z'), offsetAt(utc('2027-01-10T00:00:00Z'), 'Europe/London'))).toBe('2027-01-10T00:00:00+00:00');
  });

  test('When a local time falls in a spring-forward gap, then it has no instant and "at or after" is the gap’s end', () => {
    expect(instantsAt('2027-03-14', 2 * 60 + 30, 'America/New_York')).toEqual([]);
    expect(localToInstant('2027-03-28', 2 * 60 + 30, 'Europe/Berlin')).toBeNull();
    expect(firstInstantAtOrAfter('2027-03-14', 2 * 60 + 30, 'America/New_York')).toBe(utc('2027-03-14T07:00:00Z'));
    expect(firstInstantAtOrAfter('2027-03-28', 2 * 60, 'Europe/Berlin')).toBe(utc('2027-03-28T01:00:00Z'));
  });

  test('When a local time repeats at fall-back, then both instants are known and the earlier one is used', () => {
    expect(instantsAt('2027-11-07', 90, 'America/New_York')).toEqual([utc('2027-11-07T05:30:00Z'), utc('2027-11-07T06:30:00Z')]);
    expect(localToInstant('2027-10-31', 2 * 60 + 30, 'Europe/Berlin')).toBe(utc('2027-10-31T00:30:00Z'));
  });

  test('When midnight itself is skipped (Santiago, 2026-09-06), then the day starts at 01:00', () => {
    expect(localToInstant('2026-09-06', 0, 'America/Santiago')).toBeNull();
    expect(toLocal(firstInstantAtOrAfter('2026-09-06', 0, 'America/Santiago'), 'America/Santiago')).toMatchObject({ date: '2026-09-06', minute: 60 });
  });

  test('When offsets are formatted, then they are ±HH:MM, half hours included', () => {
    expect([9 * HOUR, -4 * HOUR, 0, 5.5 * HOUR, -(9 * HOUR + 30 * 60_000)].map(formatOffset)).toEqual(['+09:00', '-04:00', '+00:00', '+05:30', '-09:30']);
  });

  test('When dates are stepped, then weekdays are ISO and month ends roll over', () => {
    expect(isoWeekday('2027-03-14')).toBe(7);
    expect(isoWeekday('2027-03-15')).toBe(1);
    expect(addDays('2027-02-27', 2)).toBe('2027-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  test('Property: every instant round-trips through its local time, and the earliest instant is returned', () => {
    const anyTime = fc.tuple(fc.constantFrom(...ZONES), fc.integer({ min: utc('1990-01-01T00:00:00Z') / 60_000, max: utc('2060-01-01T00:00:00Z') / 60_000 }).map((m) => m * 60_000));
    const nearChange = fc.tuple(fc.constantFrom(...CHANGES), fc.integer({ min: -180, max: 180 })).map(([[zone, at], m]): [string, number] => [zone, utc(at) + m * 60_000]);
    fc.assert(fc.property(fc.oneof(anyTime, nearChange), ([zone, t]) => {
      const local = toLocal(t, zone);
      const candidates = instantsAt(local.date, local.minute, zone);
      expect(candidates).toContain(t);
      expect(candidates.length).toBeLessThanOrEqual(2);
      for (const c of candidates) expect(toLocal(c, zone)).toMatchObject({ date: local.date, minute: local.minute });
      expect(localToInstant(local.date, local.minute, zone)).toBe(Math.min(...candidates));
    }), PROPERTY_RUNS.many);
  });

  test('Property: a local time with no instant is skipped by the clock, and "at or after" lands at the first later time', () => {
    const date = fc.integer({ min: 0, max: 365 * 40 }).map((d) => addDays('2000-01-01', d));
    fc.assert(fc.property(fc.constantFrom(...ZONES), date, fc.integer({ min: 0, max: 1439 }), (zone, day, minute) => {
      const at = firstInstantAtOrAfter(day, minute, zone);
      const local = toLocal(at, zone);
      expect([local.date, local.minute >= minute || local.date > day]).toEqual([day, true]);
      const before = toLocal(at - 1000, zone);
      expect(before.date < day || before.minute < minute).toBe(true);
    }), PROPERTY_RUNS.many);
  });

  test('Property: a ZonedDay converts and formats exactly as the one-off conversions do, on and around DST days', () => {
    const date = fc.constantFrom('2027-03-13', '2027-03-14', '2027-03-28', '2027-04-04', '2027-10-03', '2027-10-31', '2027-11-07', '2026-09-06', '2027-06-01')
      .chain((d) => fc.integer({ min: -1, max: 1 }).map((n) => addDays(d, n)));
    fc.assert(fc.property(fc.constantFrom(...ZONES), date, fc.integer({ min: 0, max: 1440 }), (zone, day, minute) => {
      const zoned = new ZonedDay(day, zone);
      expect(zoned.instantAt(minute)).toBe(localToInstant(day, minute, zone));
      const at = zoned.firstAtOrAfter(minute);
      expect(at).toBe(firstInstantAtOrAfter(day, minute, zone));
      expect(zoned.offsetAt(at)).toBe(offsetAt(at, zone));
      expect(zoned.format(at)).toBe(formatRfc3339(at, offsetAt(at, zone)));
      expect(zoned.format(at + 59_000)).toBe(formatRfc3339(at + 59_000, offsetAt(at + 59_000, zone)));
    }), PROPERTY_RUNS.many);
  });
});

describe('offsetAt remembered per day', () => {
  it('When instants fall on either side of every clock change (to the second), then the remembered offset is Intl\'s exact one', () => {
    for (const [zone, iso] of CHANGES) {
      const change = utc(iso);
      for (const delta of [-HOUR, -1_000, -1, 0, 1, 999, 1_000, HOUR, 12 * HOUR, -12 * HOUR]) {
        expect(offsetAt(change + delta, zone)).toBe(exactOffsetAt(change + delta, zone));
      }
    }
  });

  it('When any instant in any zone is asked twice, then both answers are Intl\'s exact offset', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: Date.parse('1990-01-01'), max: Date.parse('2060-01-01') }), (zone, instant) => {
        const exact = exactOffsetAt(instant, zone);
        expect(offsetAt(instant, zone)).toBe(exact);
        expect(offsetAt(instant, zone)).toBe(exact); // from memory the second time
      }),
      { numRuns: PROPERTY_RUNS * 10 },
    );
  });
});

