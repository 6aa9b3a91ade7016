import { dateAsUtc, HOUR, MINUTE } from './local-calendar';

/**
 * Wall clock ↔ instant in an IANA zone with nothing but Intl; ZonedDay (zoned-day.ts) does the same for
 * many times of one day at once. Offsets are milliseconds to add to UTC to read the wall clock (Tokyo
 * +9 h, New York −5 h or −4 h). Instants are epoch milliseconds.
 *
 * The one assumption: a zone changes its offset at most once in any 60 hours, which holds for every
 * zone's rules since well before 1970 (transitions are months apart).
 */

/** Further than any UTC offset ever used (the widest, local mean time in the 1800s, is under 16 h). */
export const PROBE = 18 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(zone, format);
  }
  return format;
}

/** Throws a RangeError for a zone name Intl doesn't know. */
export function assertTimeZone(zone: string): void {
  formatter(zone);
}

/** `MM/DD/YYYY, HH:MM:SS` as en-US formats it; parsing the string is several times faster than formatToParts. */
const EN_US = /^(\d+)\/(\d+)\/(\d+),? (\d+):(\d+):(\d+)$/;

const DAY_MS = 24 * HOUR;
const REMEMBERED_DAYS = 20_000;
/** Per zone, per UTC day: the offset all day long, or null when it changes that day. */
const offsetsByDay = new Map<string, Map<number, number | null>>();
let rememberedDays = 0;

/**
 * The zone's offset at an instant. Remembered per UTC day: when the offset is the same at both ends of
 * the day, it is the same all day (a zone changes at most once in 60 hours, see above), so the many
 * instants of one day (a list of bookings, a day of slots) cost one Map lookup instead of an
 * Intl format each; a day holding a transition is computed exactly every time.
 */
export function offsetAt(instant: number, zone: string): number {
  const day = Math.floor(instant / DAY_MS);
  let days = offsetsByDay.get(zone);
  if (!days) offsetsByDay.set(zone, (days = new Map()));
  let offset = days.get(day);
  if (offset === undefined) {
    const start = exactOffsetAt(day * DAY_MS, zone);
    offset = start === exactOffsetAt((day + 1) * DAY_MS - 1, zone) ? start : null;
    if (rememberedDays >= REMEMBERED_DAYS) {
      offsetsByDay.clear();
      rememberedDays = 0;
      offsetsByDay.set(zone, (days = new Map()));
    }
    days.set(day, offset);
    rememberedDays++;
  }
  return offset ?? exactOffsetAt(instant, zone);
}

/** The zone's offset at an instant, from Intl every time. */
export function exactOffsetAt(instant: number, zone: string): number {
  const text = formatter(zone).format(instant);
  const f = EN_US.exec(text);
  if (!f) throw new RangeError(`unexpected date format from Intl: ${text}`);
  const wall = Date.UTC(Number(f[3]), Number(f[1]) - 1, Number(f[2]), Number(f[4]), Number(f[5]), Number(f[6]));
  return wall - (instant - mod(instant, 1000));
}

export interface LocalDateTime {
  date: string;
  /** Minutes since local midnight. */
  minute: number;
  second: number;
  offset: number;
}

export function toLocal(instant: number, zone: string, offset = offsetAt(instant, zone)): LocalDateTime {
  const wall = new Date(instant + offset);
  return {
    date: wall.toISOString().slice(0, 10),
    minute: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    offset,
  };
}

/** `+09:00`, `-04:00`, `+00:00` (RFC 3339 numeric offset, never `Z`, so the zone's offset always shows). */
export function formatOffset(offset: number): string {
  const abs = Math.abs(offset);
  const hours = Math.floor(abs / HOUR);
  const minutes = Math.floor((abs % HOUR) / MINUTE);
  return `${offset < 0 ? '-' : '+'}${pad(hours)}:${pad(minutes)}`;
}

/** `2027-03-14T10:00:00-04:00`: the wall clock at the instant under the given offset. */
export function formatRfc3339(instant: number, offset: number): string {
  return new Date(instant + offset).toISOString().slice(0, 19) + formatOffset(offset);
}

/**
 * The instants at which the wall clock reads `minute` minutes after midnight of `date` (minute 1440 is
 * the next midnight): none in a spring-forward gap, two in a fall-back fold (earlier first), else one.
 */
export function instantsAt(date: string, minute: number, zone: string): number[] {
  const wall = dateAsUtc(date) + minute * MINUTE;
  const before = offsetAt(wall - PROBE, zone);
  const after = offsetAt(wall + PROBE, zone);
  if (before === after) return [wall - before];
  return [wall - before, wall - after].filter((t) => offsetAt(t, zone) === wall - t).sort((a, b) => a - b);
}

/** The earliest instant showing that wall-clock time, or null when it doesn't exist (a DST gap). */
export function localToInstant(date: string, minute: number, zone: string): number | null {
  return instantsAt(date, minute, zone)[0] ?? null;
}

/** The first instant at which that day's wall clock reads `minute` or later: in a gap, the end of the gap. */
export function firstInstantAtOrAfter(date: string, minute: number, zone: string): number {
  const exact = localToInstant(date, minute, zone);
  if (exact !== null) return exact;
  const wall = dateAsUtc(date) + minute * MINUTE;
  const later = offsetAt(wall + PROBE, zone);
  // In a gap the new (larger) offset lands before the transition and the old one after it.
  let lo = Math.floor((wall - later) / 1000);
  let hi = Math.ceil((wall - offsetAt(wall - PROBE, zone)) / 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid * 1000, zone) === later) hi = mid;
    else lo = mid;
  }
  return hi * 1000;
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
