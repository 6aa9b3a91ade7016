import type { EventHandler } from '@omotenashi/events';
import { bookingEventsV1 } from '@omotenashi/proto';
import type { DailyStatsRepository } from '../../data-access/daily-stats.repository';

/** booking.booking.created → one more booking (and its value) on the business's day. */
export function bookingCreatedHandler(stats: DailyStatsRepository): EventHandler {
  return async (event, manager) => {
    const created = bookingEventsV1.BookingCreated.decode(event.payload);
    await stats.countBookingCreated(manager, created.businessId, created.bookingDate, created.priceAmount, created.currency);
  };
}
