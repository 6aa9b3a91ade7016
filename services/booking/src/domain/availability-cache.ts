import type { AvailableSlot } from './availability';
import { addDays } from './scheduling';

/** One availability question; every part of it is part of the cache key. */
export interface AvailabilityQuestion {
  businessId: string;
  serviceId: string;
  /** First local date, YYYY-MM-DD. */
  date: string;
  days: number;
  /** Empty: anyone. */
  staffId: string;
  partySize: number;
}

/**
 * Answers to availability questions, kept for a minute (DESIGN §7). A booking change forgets only the
 * answers that cover a date it can touch (`datesAffectedBy`), right after it commits; catalog changes,
 * and anything whose date is unknown, forget all of that business's answers (by event).
 */
export interface AvailabilityCache {
  slots(question: AvailabilityQuestion, load: () => Promise<AvailableSlot[]>): Promise<AvailableSlot[]>;
  /** Never throws: a failed invalidation is logged and the TTL bounds how stale an answer can get. */
  forgetBusiness(businessId: string): Promise<void>;
  /** Forgets every answer covering one of these local dates (YYYY-MM-DD); never throws, like forgetBusiness. */
  forgetDates(businessId: string, dates: readonly string[]): Promise<void>;
}

/**
 * How many local days on either side of a booking's date its change can reach. A slot starts on the asked
 * date; a booking occupies [start − buffer before, start + duration + buffer after] and so does a slot,
 * with durations ≤ 1,440 min and buffers ≤ 240 min each (catalog rules). A booking starting on D thus
 * occupies D−1 20:00 … D+2 04:00 at the widest, and a slot starting on X occupies X−1 20:00 … X+2 04:00:
 * they can only meet for X in D−2 … D+2 (an hour more or less on a DST day changes none of that).
 */
export const BOOKING_REACH_DAYS = 2;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  const ms = ISO_DATE.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN;
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(text);
}

function checkDate(date: string): string {
  if (!isCalendarDate(date)) throw new RangeError(`not a date YYYY-MM-DD: ${JSON.stringify(String(date).slice(0, 40))}`);
  return date;
}

/** The local dates an answer covers: `date` … `date + days − 1`. */
export function questionDates(question: Pick<AvailabilityQuestion, 'date' | 'days'>): string[] {
  const first = checkDate(question.date);
  if (!Number.isInteger(question.days) || question.days < 1) throw new RangeError(`days must be a positive integer, got ${question.days}`);
  return Array.from({ length: question.days }, (_, i) => addDays(first, i));
}

/**
 * The local dates whose answers a change of bookings on these dates can alter (each date ± BOOKING_REACH_DAYS),
 * sorted, once each. A reschedule passes both its old and its new date.
 */
export function datesAffectedBy(...bookingDates: string[]): string[] {
  const dates = new Set<string>();
  for (const date of bookingDates.map(checkDate)) {
    for (let offset = -BOOKING_REACH_DAYS; offset <= BOOKING_REACH_DAYS; offset++) dates.add(addDays(date, offset));
  }
  return [...dates].sort();
}
