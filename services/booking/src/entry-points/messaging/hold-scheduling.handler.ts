import type { EventHandler } from '@omotenashi/events';
import { bookingEventsV1 } from '@omotenashi/proto';
import type { HoldExpiry } from '../jobs/hold-expiry.jobs';

/**
 * booking.booking.created with a hold → schedule its expiry. Driven by the event (not by the request)
 * so a crash between commit and scheduling can't leave a hold that never ends.
 */
export function holdSchedulingHandler(holds: HoldExpiry): EventHandler {
  return async (event) => {
    const created = bookingEventsV1.BookingCreated.decode(event.payload);
    if (!isHeld(created)) return;
    await holds.schedule(
      { bookingId: created.bookingId, businessId: created.businessId, requestId: event.requestId },
      new Date(created.holdExpiresAt),
    );
  };
}

const isHeld = (created: bookingEventsV1.BookingCreated) => created.status === 'held' && Boolean(created.holdExpiresAt);

/** The consumer's filter: only holds have an expiry to schedule (the others are acked untouched). */
export const isHold = (event: { payload: Uint8Array }): boolean => isHeld(bookingEventsV1.BookingCreated.decode(event.payload));
