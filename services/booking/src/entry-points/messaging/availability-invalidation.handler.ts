import type { EventHandler } from '@omotenashi/events';
import type { AvailabilityCache } from '../../domain/availability-cache';

/**
 * What can change a business's availability, as subjects a NATS 2.9 consumer can filter on (one each):
 * every booking lifecycle event, and every catalog event (hours, closures, services, staff and their
 * schedules, resources, the business's policy).
 */
export const AVAILABILITY_SUBJECTS = { bookings: 'booking.booking.>', catalog: 'catalog.>' } as const;

/**
 * Forgets the business's cached availability (one INCR of its version key). For catalog changes this is
 * the only invalidation (the catalog owns that data); for bookings it backs up the use cases, which forget
 * right after their commit, against a process that died in between.
 */
export function availabilityInvalidationHandler(availability: AvailabilityCache): EventHandler {
  return async (event) => {
    if (event.businessId) await availability.forgetBusiness(event.businessId);
  };
}
