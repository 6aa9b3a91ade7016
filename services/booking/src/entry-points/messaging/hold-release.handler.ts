import type { EventHandler } from '@omotenashi/events';
import { bookingEventsV1 } from '@omotenashi/proto';
import type { HoldExpiry } from '../jobs/hold-expiry.jobs';

export const HOLD_ENDING_SUBJECTS = ['booking.booking.confirmed', 'booking.booking.cancelled'];

/**
 * A hold that was paid or cancelled no longer needs its expiry job. Removing it only keeps the queue
 * clean: should this run before the job was scheduled, or not at all, expireHold is a no-op unless the
 * booking is still held.
 */
export function holdReleaseHandler(holds: HoldExpiry): EventHandler {
  return async (event) => {
    const previous = event.eventType === 'omotenashi.events.v1.BookingConfirmed'
      ? bookingEventsV1.BookingConfirmed.decode(event.payload)
      : bookingEventsV1.BookingCancelled.decode(event.payload);
    if (previous.previousStatus !== 'held') return;
    await holds.release(previous.bookingId);
  };
}
