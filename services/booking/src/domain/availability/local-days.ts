import { isoWeekday } from './local-calendar';
import type { ClockInterval, OpeningHours } from './opening-hours';
import { ZonedDay } from './zoned-day';

/** What the engine needs about one local date, worked out once per query and shared by every check. */
export interface LocalDay {
  date: string;
  weekday: number;
  clock: ZonedDay;
  /** The business's open intervals that day. */
  open: ClockInterval[];
}

export function localDays(dates: string[], zone: string, hours: OpeningHours): Map<string, LocalDay> {
  return new Map(dates.map((date) => {
    const weekday = isoWeekday(date);
    return [date, { date, weekday, clock: new ZonedDay(date, zone), open: hours.on(date, weekday) }];
  }));
}
