import type { AvailabilityInput, Instant } from './availability.types';
import { dateRange, DAY, MINUTE } from './local-calendar';
import { assertTimeZone } from './zoned-time';

const MAX_DAYS = 31;
const RFC3339_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** The query and the service reduced to numbers: milliseconds, minutes, and the dates to look at. */
export interface AvailabilityPlan {
  zone: string;
  serviceId: string;
  durationMs: number;
  bufferBeforeMs: number;
  bufferAfterMs: number;
  stepMinutes: number;
  capacity: number;
  partySize: number;
  /** Earliest and latest allowed slot start (minimum notice, booking horizon). */
  earliestStart: number;
  latestStart: number;
  /** The local days asked for, in order. */
  dates: string[];
  /** Those days plus enough days around them for buffers that reach past midnight. */
  scheduleDates: string[];
  /** Set when the customer chose a person. */
  staffId: string | undefined;
}

/** Checks the input (RangeError on a bad value: the caller validated what users send, so this is a bug or bad data). */
export function planAvailability(input: AvailabilityInput): AvailabilityPlan {
  const { business, service, query } = input;
  assertTimeZone(business.timezone);
  const { policy } = business;
  const durationMinutes = whole(service.durationMinutes, 1, 'service.durationMinutes');
  const before = whole(service.bufferBeforeMinutes, 0, 'service.bufferBeforeMinutes');
  const after = whole(service.bufferAfterMinutes, 0, 'service.bufferAfterMinutes');
  const days = whole(query.days, 1, 'query.days');
  if (days > MAX_DAYS) throw new RangeError(`query.days must be at most ${MAX_DAYS}: ${days}`);
  const now = toEpoch(query.now, 'query.now');
  const daysBefore = Math.ceil(before / (24 * 60)) + 1;
  const daysAfter = Math.ceil((durationMinutes + after) / (24 * 60)) + 1;
  return {
    zone: business.timezone,
    serviceId: service.id,
    durationMs: durationMinutes * MINUTE,
    bufferBeforeMs: before * MINUTE,
    bufferAfterMs: after * MINUTE,
    stepMinutes: whole(policy.slotIntervalMinutes, 1, 'policy.slotIntervalMinutes'),
    capacity: whole(service.capacity, 1, 'service.capacity'),
    partySize: whole(query.partySize ?? 1, 1, 'query.partySize'),
    earliestStart: now + whole(policy.minNoticeMinutes, 0, 'policy.minNoticeMinutes') * MINUTE,
    latestStart: now + whole(policy.bookingHorizonDays, 0, 'policy.bookingHorizonDays') * DAY,
    dates: dateRange(query.fromDate, 0, days),
    scheduleDates: dateRange(query.fromDate, -daysBefore, daysBefore + days + daysAfter),
    staffId: query.staffId || undefined,
  };
}

/** Epoch milliseconds of a Date or an RFC 3339 string with an offset (a string without one would be read in the server's zone). */
export function toEpoch(instant: Instant, what: string): number {
  const ms = typeof instant === 'string' && RFC3339_WITH_OFFSET.test(instant) ? Date.parse(instant) : instant instanceof Date ? instant.getTime() : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${what} must be a Date or an RFC 3339 time with an offset: ${String(instant)}`);
  return ms;
}

function whole(value: number, min: number, what: string): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${what} must be a whole number ≥ ${min}: ${value}`);
  return value;
}
