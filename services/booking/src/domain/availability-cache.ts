import type { AvailableSlot } from './availability';

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
 * Answers to availability questions, kept for a minute (DESIGN §7). Anything that changes what a business
 * can offer forgets all of that business's answers: bookings in this service's use cases right after they
 * commit, and catalog changes by event.
 */
export interface AvailabilityCache {
  slots(question: AvailabilityQuestion, load: () => Promise<AvailableSlot[]>): Promise<AvailableSlot[]>;
  /** Never throws: a failed invalidation is logged and the TTL bounds how stale an answer can get. */
  forgetBusiness(businessId: string): Promise<void>;
}
