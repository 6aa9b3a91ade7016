import type { BusinessHours, Closure, SpecialDay, WeeklyInterval } from './availability.types';
import { clockMinutes, dateAsUtc, isoWeekday } from './local-calendar';

/** An interval of one local day in wall-clock minutes since midnight; `closes` ≤ 1440. */
export interface ClockInterval {
  opens: number;
  closes: number;
}

/** Parsed, sorted, and merged where intervals overlap or touch (12:00–13:00 + 13:00–14:00 is one interval). */
export function toClockIntervals(intervals: Array<{ opens: string; closes: string }>): ClockInterval[] {
  const parsed = intervals.map(({ opens, closes }) => {
    const interval = { opens: clockMinutes(opens), closes: clockMinutes(closes, true) };
    if (interval.closes <= interval.opens) throw new RangeError(`closes must be after opens: ${opens}–${closes}`);
    return interval;
  });
  parsed.sort((a, b) => a.opens - b.opens);
  const merged: ClockInterval[] = [];
  for (const interval of parsed) {
    const last = merged[merged.length - 1];
    if (last && interval.opens <= last.closes) last.closes = Math.max(last.closes, interval.closes);
    else merged.push({ ...interval });
  }
  return merged;
}

/** A working week by ISO weekday (index 1–7). */
export function weekByDay(weekly: WeeklyInterval[]): ClockInterval[][] {
  for (const interval of weekly) {
    if (!Number.isInteger(interval.weekday) || interval.weekday < 1 || interval.weekday > 7) {
      throw new RangeError(`weekday must be 1 (Monday) to 7 (Sunday): ${interval.weekday}`);
    }
  }
  const days: ClockInterval[][] = [[]];
  for (let weekday = 1; weekday <= 7; weekday++) days.push(toClockIntervals(weekly.filter((i) => i.weekday === weekday)));
  return days;
}

/**
 * When the business is open on a local date. A closure or a holiday closes the whole day (even a
 * special day inside a closure); otherwise the special days covering the date replace its weekly hours.
 */
export class OpeningHours {
  private readonly week: ClockInterval[][];
  private readonly closures: Closure[];
  private readonly specialDays: SpecialDay[];
  private readonly holidays: Set<string>;

  constructor(hours: BusinessHours) {
    this.week = weekByDay(hours.weekly);
    for (const range of [...hours.closures, ...hours.specialDays]) checkRange(range);
    hours.holidays.forEach((date) => dateAsUtc(date));
    toClockIntervals(hours.specialDays); // validates their clock times up front
    this.closures = hours.closures;
    this.specialDays = hours.specialDays;
    this.holidays = new Set(hours.holidays);
  }

  on(date: string, weekday = isoWeekday(date)): ClockInterval[] {
    if (this.holidays.has(date) || this.closures.some((c) => covers(c, date))) return [];
    const special = this.specialDays.filter((s) => covers(s, date));
    return special.length ? toClockIntervals(special) : this.week[weekday];
  }
}

function covers(range: { from: string; to: string }, date: string): boolean {
  return range.from <= date && date <= range.to; // ISO dates compare as strings
}

function checkRange(range: { from: string; to: string }): void {
  if (dateAsUtc(range.from) > dateAsUtc(range.to)) throw new RangeError(`date range ends before it starts: ${range.from}–${range.to}`);
}
