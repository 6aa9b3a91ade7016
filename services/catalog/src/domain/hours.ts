import { clockMinutes, daysBetween, FieldCheck, isIsoDate, rules } from './catalog-rules';

/** One opening interval on an ISO weekday (1 = Monday … 7 = Sunday), `HH:MM` to `HH:MM` (closes may be `24:00`). */
export interface WeeklyInterval {
  weekday: number;
  opens: string;
  closes: string;
}

export interface BusinessHours {
  weekly: WeeklyInterval[];
  closedOnNationalHolidays: boolean;
}

/** A closure (closed all day) or, with `opens`/`closes`, a special day with its own hours, over a date range. */
export interface NewClosure {
  businessId: string;
  fromDate: string;
  toDate: string;
  reason: string;
  opens: string | null;
  closes: string | null;
}

export interface Closure extends NewClosure {
  id: string;
  createdAt: Date;
}

const MAX_INTERVALS = 7 * 8;
const MAX_CLOSURE_DAYS = 366;

/**
 * Checks a week of intervals (several a day for lunch breaks): each closes after it opens, and no two
 * on one weekday overlap (touching is fine). Problems are pointed at under `base`, e.g. `/weekly/3/closes`.
 */
export function checkWeekly(check: FieldCheck, weekly: WeeklyInterval[], base: string): WeeklyInterval[] {
  check.require(weekly.length <= MAX_INTERVALS, base, `must have at most ${MAX_INTERVALS} intervals`);
  const valid: Array<{ index: number; weekday: number; from: number; to: number }> = [];
  weekly.forEach((interval, index) => {
    const at = `${base}/${index}`;
    const from = clockMinutes(interval.opens);
    const to = clockMinutes(interval.closes, true);
    const weekdayOk = Number.isInteger(interval.weekday) && interval.weekday >= 1 && interval.weekday <= 7;
    check.require(weekdayOk, `${at}/weekday`, 'must be 1 (Monday) to 7 (Sunday)');
    check.require(from !== undefined, `${at}/opens`, 'must be a time HH:MM');
    check.require(to !== undefined, `${at}/closes`, 'must be a time HH:MM (24:00 for midnight)');
    if (from === undefined || to === undefined) return;
    check.require(to > from, `${at}/closes`, 'must be after opens');
    if (weekdayOk && to > from) valid.push({ index, weekday: interval.weekday, from, to });
  });
  const ordered = [...valid].sort((a, b) => a.weekday - b.weekday || a.from - b.from);
  ordered.forEach((interval, i) => {
    const previous = ordered[i - 1];
    if (previous && previous.weekday === interval.weekday && interval.from < previous.to) {
      check.require(false, `${base}/${interval.index}/opens`, `overlaps the interval ${weekly[previous.index].opens}–${weekly[previous.index].closes} on the same weekday`);
    }
  });
  return ordered.map(({ index }) => ({ ...weekly[index] }));
}

export function normalizeHours(hours: BusinessHours): BusinessHours {
  const check = new FieldCheck();
  const weekly = checkWeekly(check, hours.weekly, '/weekly');
  check.throwIfAny();
  return { weekly, closedOnNationalHolidays: hours.closedOnNationalHolidays };
}

export function normalizeNewClosure(input: NewClosure): NewClosure {
  const closure: NewClosure = { ...input, reason: input.reason.trim(), opens: input.opens || null, closes: input.closes || null };
  const check = new FieldCheck()
    .require(isIsoDate(closure.fromDate), '/from', 'must be a date YYYY-MM-DD')
    .require(isIsoDate(closure.toDate), '/to', 'must be a date YYYY-MM-DD')
    .require(rules.maxLength(closure.reason, 500), '/reason', 'must be at most 500 characters');
  if (isIsoDate(closure.fromDate) && isIsoDate(closure.toDate)) {
    const days = daysBetween(closure.fromDate, closure.toDate);
    check.require(days >= 0, '/to', 'must be on or after from');
    check.require(days < MAX_CLOSURE_DAYS, '/to', `a closure spans at most ${MAX_CLOSURE_DAYS} days`);
  }
  if (closure.opens !== null || closure.closes !== null) {
    const from = closure.opens === null ? undefined : clockMinutes(closure.opens);
    const to = closure.closes === null ? undefined : clockMinutes(closure.closes, true);
    check.require(from !== undefined, '/opens', 'must be a time HH:MM (or leave out both opens and closes for a closed day)');
    check.require(to !== undefined, '/closes', 'must be a time HH:MM (or leave out both opens and closes for a closed day)');
    if (from !== undefined && to !== undefined) check.require(to > from, '/closes', 'must be after opens');
  }
  check.throwIfAny();
  return closure;
}
