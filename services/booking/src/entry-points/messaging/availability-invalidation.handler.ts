import type { EventHandler } from '@omotenashi/events';
import { bookingEventsV1 } from '@omotenashi/proto';
import { datesAffectedBy, isCalendarDate, type AvailabilityCache } from '../../domain/availability-cache';

/**
 * What can change a business's availability, as subjects a NATS 2.9 consumer can filter on (one each):
 * every booking lifecycle event, and every catalog event (hours, closures, services, staff and their
 * schedules, resources, the business's policy).
 */
export const AVAILABILITY_SUBJECTS = { bookings: 'booking.booking.>', catalog: 'catalog.>' } as const;

/** `keeps`: the event changes a status only, never what anyone can book. */
type BookingDates = string[] | 'keeps';

const { BookingCreated, BookingCancelled, BookingRescheduled, BookingExpired, BookingNoShow } = bookingEventsV1;

/** The local dates each booking event moved allocations on (both for a reschedule). */
const DATES_BY_SUBJECT: Readonly<Record<string, (payload: Uint8Array) => BookingDates>> = {
  'booking.booking.created': (payload) => [BookingCreated.decode(payload).bookingDate],
  'booking.booking.cancelled': (payload) => [BookingCancelled.decode(payload).bookingDate],
  'booking.booking.expired': (payload) => [BookingExpired.decode(payload).bookingDate],
  'booking.booking.no_show': (payload) => [BookingNoShow.decode(payload).bookingDate],
  'booking.booking.rescheduled': (payload) => {
    const moved = BookingRescheduled.decode(payload);
    return [moved.previousBookingDate, moved.bookingDate];
  },
  // Held or pending_approval bookings already hold their allocations; completing a visit keeps them too.
  'booking.booking.confirmed': () => 'keeps',
  'booking.booking.completed': () => 'keeps',
};

/**
 * The booking dates an event is about, 'keeps' for a status-only change, or undefined when it can't tell
 * (a catalog event, an unknown subject, a payload that doesn't decode, a missing or malformed date): then
 * the whole business must be forgotten.
 */
export function bookingDatesOf(subject: string, payload: Uint8Array): BookingDates | undefined {
  const read = Object.hasOwn(DATES_BY_SUBJECT, subject) ? DATES_BY_SUBJECT[subject] : undefined;
  if (!read) return undefined;
  let dates: BookingDates;
  try {
    dates = read(payload);
  } catch {
    return undefined;
  }
  return dates === 'keeps' || dates.every(isCalendarDate) ? dates : undefined;
}

/**
 * Forgets cached availability after a change: for a booking event, the answers covering the dates it can
 * touch (a few INCRs in one round trip); for a catalog change, or a booking event without a usable date,
 * every answer of the business (one INCR of its version key). For catalog changes this is the only
 * invalidation (the catalog owns that data); for bookings it backs up the use cases, which forget right
 * after their commit, against a process that died in between.
 */
export function availabilityInvalidationHandler(availability: AvailabilityCache): EventHandler {
  return async (event) => {
    if (!event.businessId) return;
    const dates = bookingDatesOf(event.subject, event.payload);
    if (dates === 'keeps') return;
    if (dates) await availability.forgetDates(event.businessId, datesAffectedBy(...dates));
    else await availability.forgetBusiness(event.businessId);
  };
}
