import { AVAILABILITY_DATE_VERSION_IDLE_TTL_SECONDS, cacheKeys, type Cache } from '@omotenashi/cache';
import type { AvailableSlot } from '../domain/availability';
import { questionDates, type AvailabilityCache, type AvailabilityQuestion } from '../domain/availability-cache';

/**
 * `availability:{businessId}:{date}:{serviceId}:{days}:{staffId|any}:{party}:v{version}` for 60 s, in
 * Redis through the shared Cache (single flight, load lock, hit/miss metrics). `version` is the sum of the
 * business's generation (`availability:{businessId}:version`) and of the generation of each date the answer
 * covers (`availability:{businessId}:version:{date}`), all read in the same round trip as the answer: a
 * booking bumps the few dates it can touch, a catalog change the business; never a SCAN, and the answers
 * of older generations simply expire.
 */
export class RedisAvailabilityCache implements AvailabilityCache {
  constructor(private readonly cache: Cache) {}

  slots(q: AvailabilityQuestion, load: () => Promise<AvailableSlot[]>): Promise<AvailableSlot[]> {
    const entry = cacheKeys.availability(q.businessId, q.date, q.serviceId, q.days, q.staffId || 'any', q.partySize);
    const versions = [cacheKeys.availabilityVersion(q.businessId), ...questionDates(q).map((date) => cacheKeys.availabilityDateVersion(q.businessId, date))];
    return this.cache.getOrLoadVersioned(entry, versions, load);
  }

  async forgetBusiness(businessId: string): Promise<void> {
    await this.cache.bumpVersion(cacheKeys.availabilityVersion(businessId), 'availability');
  }

  async forgetDates(businessId: string, dates: readonly string[]): Promise<void> {
    const keys = dates.map((date) => cacheKeys.availabilityDateVersion(businessId, date));
    await this.cache.bumpVersions(keys, 'availability', AVAILABILITY_DATE_VERSION_IDLE_TTL_SECONDS);
  }
}
