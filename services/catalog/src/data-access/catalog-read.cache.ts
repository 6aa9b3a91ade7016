import { cacheKeys, type Cache } from '@omotenashi/cache';
import type { Business } from '../domain/business';
import type { Service } from '../domain/service';
import type { CatalogRepository } from './catalog.repository';

type Timestamps = { createdAt: Date | string; updatedAt: Date | string };

/** JSON carries dates as strings; give them back their type. */
function revive<T extends Timestamps>(value: T | undefined): T | undefined {
  return value && { ...value, createdAt: new Date(value.createdAt), updatedAt: new Date(value.updatedAt) };
}

/**
 * The catalog's hot reads (every booking needs its business and service) through Redis:
 * `business:{id}` 5 min, `service:{id}` 10 min, invalidated by the writes that change them.
 */
export class CatalogReadCache {
  constructor(
    private readonly cache: Cache,
    private readonly repository: CatalogRepository,
  ) {}

  async business(businessId: string): Promise<Business | undefined> {
    return revive(await this.cache.getOrLoad(cacheKeys.business(businessId), () => this.repository.findBusiness(businessId)));
  }

  async service(businessId: string, serviceId: string): Promise<Service | undefined> {
    const service = revive(await this.cache.getOrLoad(cacheKeys.service(serviceId), () => this.repository.findService(businessId, serviceId)));
    // Keyed by service id alone, so the tenant check happens on every read, cached or not.
    return service?.businessId === businessId ? service : undefined;
  }

  async forgetService(businessId: string, serviceId: string): Promise<void> {
    await this.cache.delete(cacheKeys.service(serviceId), cacheKeys.businessServices(businessId));
  }
}
