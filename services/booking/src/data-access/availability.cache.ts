import { cacheKeys, type Cache } from '@omotenashi/cache';
import type { AvailableSlot } from '../domain/availability';
import type { AvailabilityCache, AvailabilityQuestion } from '../domain/availability-cache';

/**
 * `availability:{businessId}:{date}:{serviceId}:{days}:{staffId|any}:{party}:v{version}` for 60 s, in
 * Redis through the shared Cache (single flight, load lock, hit/miss metrics). `version` is the business's
 * generation (`availability:{businessId}:version`), read in the same round trip as the answer: forgetting a
 * business is one INCR, never a SCAN, and the answers of older generations simply expire.
 */
export class RedisAvailabilityCache implements AvailabilityCache {
  constructor(private readonly cache: Cache) {}

  slots(q: AvailabilityQuestion, load: () => Promise<AvailableSlot[]>): Promise<AvailableSlot[]> {
    const entry = cacheKeys.availability(q.businessId, q.date, q.serviceId, q.days, q.staffId || 'any', q.partySize);
    return this.cache.getOrLoadVersioned(entry, cacheKeys.availabilityVersion(q.businessId), load);
  }

  async forgetBusiness(businessId: string): Promise<void> {
    await this.cache.bumpVersion(cacheKeys.availabilityVersion(businessId), 'availability');
  }
}
