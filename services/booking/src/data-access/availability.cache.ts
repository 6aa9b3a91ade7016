import { cacheKeyPrefixes, cacheKeys, type Cache } from '@omotenashi/cache';
import type { AvailableSlot } from '../domain/availability';
import type { AvailabilityCache, AvailabilityQuestion } from '../domain/availability-cache';

/**
 * `availability:{businessId}:{date}:{serviceId}:{days}:{staffId|any}:{party}` for 60 s, in Redis through
 * the shared Cache (single flight, hit/miss metrics). A whole business is forgotten by prefix.
 */
export class RedisAvailabilityCache implements AvailabilityCache {
  constructor(private readonly cache: Cache) {}

  slots(q: AvailabilityQuestion, load: () => Promise<AvailableSlot[]>): Promise<AvailableSlot[]> {
    return this.cache.getOrLoad(cacheKeys.availability(q.businessId, q.date, q.serviceId, q.days, q.staffId || 'any', q.partySize), load);
  }

  async forgetBusiness(businessId: string): Promise<void> {
    await this.cache.deleteByPrefix(cacheKeyPrefixes.businessAvailability(businessId), 'availability');
  }
}
