import type {
  AvailabilityInput,
  AvailabilityQuery,
  AvailabilityResult,
  AvailabilityService,
  BookingPolicy,
  BusinessHours,
  WeeklyInterval,
} from '../../src/domain/availability';

export interface InputParts extends Partial<Omit<AvailabilityInput, 'service' | 'hours' | 'query'>> {
  timezone?: string;
  policy?: Partial<BookingPolicy>;
  service?: Partial<AvailabilityService>;
  hours?: Partial<BusinessHours>;
  query?: Partial<AvailabilityQuery>;
}

/** Every day of the week, the same hours (several pairs = breaks). */
export function everyDay(...intervals: Array<[string, string]>): WeeklyInterval[] {
  return [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => intervals.map(([opens, closes]) => ({ weekday, opens, closes })));
}

/**
 * A Tokyo business open 10:00–18:00 daily, a 60-minute service nobody in particular performs, a 30-minute
 * grid, no notice, asked on New Year's Day 2027 about Monday 4 January; override any part.
 */
export function availabilityInput(parts: InputParts = {}): AvailabilityInput {
  return {
    business: {
      timezone: parts.timezone ?? 'Asia/Tokyo',
      policy: { minNoticeMinutes: 0, bookingHorizonDays: 90, slotIntervalMinutes: 30, ...parts.policy },
    },
    service: {
      id: 'svc', durationMinutes: 60, bufferBeforeMinutes: 0, bufferAfterMinutes: 0, capacity: 1,
      requiredResourceKinds: [], staffIds: [], ...parts.service,
    },
    hours: { weekly: everyDay(['10:00', '18:00']), closures: [], specialDays: [], holidays: [], ...parts.hours },
    staff: parts.staff ?? [],
    resources: parts.resources ?? [],
    allocations: parts.allocations ?? [],
    query: { fromDate: '2027-01-04', days: 1, now: '2027-01-01T00:00:00+09:00', ...parts.query },
  };
}

/** `HH:MM` of each slot start (for single-day Tokyo cases where the offset never changes). */
export function startTimes(result: AvailabilityResult): string[] {
  return result.slots.map((slot) => slot.startsAt.slice(11, 16));
}

/** `YYYY-MM-DD` of each slot start. */
export function startDates(result: AvailabilityResult): string[] {
  return [...new Set(result.slots.map((slot) => slot.startsAt.slice(0, 10)))];
}

/** `HH:MM` from `from` to `to` (excluded) every `step` minutes. */
export function clockRange(from: string, to: string, step = 30): string[] {
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
  const out: string[] = [];
  for (let m = minutes(from); m < minutes(to); m += step) out.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  return out;
}
