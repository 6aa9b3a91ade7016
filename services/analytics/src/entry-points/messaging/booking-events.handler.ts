import type { EventStatement, ReceivedEvent } from '@omotenashi/events';
import { bookingEventsV1 } from '@omotenashi/proto';
import { countBookingCreated } from '../../data-access/daily-stats.repository';

/**
 * booking.booking.created → one more booking (and its value) on the business's day: one statement that
 * also records the event as processed, so a booking costs analytics one round trip to Postgres.
 */
export function bookingCreatedStatement(event: ReceivedEvent): EventStatement {
  const created = bookingEventsV1.BookingCreated.decode(event.payload);
  return countBookingCreated(created.businessId, created.bookingDate, created.priceAmount, created.currency);
}
