import holidayJp from '@holiday-jp/holiday_jp';
import { addDays, daysBetween } from './catalog-rules';

export interface Holiday {
  date: string;
  nameJa: string;
  nameEn: string;
}

/** The maintained 祝日 data (振替休日 and 国民の休日 included), keyed by `YYYY-MM-DD`. */
const HOLIDAYS = holidayJp.holidays as unknown as Record<string, { date: string; name: string; name_en: string }>;

/**
 * Japanese national holidays between two local dates, inclusive. Looked up by date string, never
 * through a Date, so the server's own time zone cannot shift a holiday by a day.
 */
export function japaneseHolidaysBetween(fromDate: string, toDate: string): Holiday[] {
  const holidays: Holiday[] = [];
  const days = daysBetween(fromDate, toDate);
  for (let i = 0; i <= days; i++) {
    const date = addDays(fromDate, i);
    const holiday = HOLIDAYS[date];
    if (holiday) holidays.push({ date, nameJa: holiday.name, nameEn: holiday.name_en });
  }
  return holidays;
}
