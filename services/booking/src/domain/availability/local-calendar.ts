/** Local calendar dates (`YYYY-MM-DD`) and wall-clock times (`HH:MM`), with no time zone attached. */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const MINUTES_PER_DAY = 24 * 60;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK = /^(\d{2}):(\d{2})$/;

/** Midnight of a local date read as if it were UTC; the base of every wall-clock calculation. */
export function dateAsUtc(date: string): number {
  const match = ISO_DATE.exec(date);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`not a date YYYY-MM-DD: ${JSON.stringify(date)}`);
  }
  return ms;
}

export function addDays(date: string, days: number): string {
  return new Date(dateAsUtc(date) + days * DAY).toISOString().slice(0, 10);
}

/** `count` consecutive dates, the first `offset` days from `first` (negative: before it). */
export function dateRange(first: string, offset: number, count: number): string[] {
  const start = dateAsUtc(first) + offset * DAY;
  return Array.from({ length: count }, (_, i) => new Date(start + i * DAY).toISOString().slice(0, 10));
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return new Date(dateAsUtc(date)).getUTCDay() || 7;
}

/** Minutes since local midnight for `HH:MM`; `24:00` (end of the day) only where `endOfDay` allows it. */
export function clockMinutes(text: string, endOfDay = false): number {
  const match = CLOCK.exec(text);
  const hours = match ? Number(match[1]) : NaN;
  const minutes = match ? Number(match[2]) : NaN;
  const total = hours * 60 + minutes;
  const valid = minutes < 60 && (hours < 24 || (endOfDay && total === MINUTES_PER_DAY));
  if (!valid) throw new RangeError(`not a time HH:MM${endOfDay ? ' (or 24:00)' : ''}: ${JSON.stringify(text)}`);
  return total;
}

/** `HH:MM` for minutes since midnight (0–1439). */
export function formatClock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
