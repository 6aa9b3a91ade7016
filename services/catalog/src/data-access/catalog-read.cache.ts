import { cacheKeys, type Cache } from '@omotenashi/cache';
import type { Business, BusinessSettings } from '../domain/business';
import type { BusinessHours } from '../domain/hours';
import type { Resource } from '../domain/resource';
import type { Service } from '../domain/service';
import type { BusinessRepository } from './business.repository';
import type { HoursRepository } from './hours.repository';
import type { ResourceRepository } from './resource.repository';
import type { ServiceRepository } from './service.repository';

type Timestamps = { createdAt: Date | string; updatedAt: Date | string };
type Profile = Omit<Business, 'settings'>;

/** JSON carries dates as strings; give them back their type. */
function revive<T extends Timestamps>(value: T): T;
function revive<T extends Timestamps>(value: T | undefined): T | undefined;
function revive<T extends Timestamps>(value: T | undefined): T | undefined {
  return value && { ...value, createdAt: new Date(value.createdAt), updatedAt: new Date(value.updatedAt) };
}

export interface CatalogRepositories {
  businesses: BusinessRepository;
  hours: HoursRepository;
  services: ServiceRepository;
  resources: ResourceRepository;
}

/**
 * The catalog's reads through Redis, with the seed's keys and TTLs: `business:{id}` (profile and policy),
 * `business:{id}:settings` and `business:{id}:hours` 5 min; `service:{id}` and the business's service and
 * resource lists 10 min. Writes call the matching `forget…`. Keys named by an object's own id are
 * checked against the caller's business on every read, cached or not.
 */
export class CatalogReadCache {
  constructor(
    private readonly cache: Cache,
    private readonly repositories: CatalogRepositories,
  ) {}

  async business(businessId: string): Promise<Business | undefined> {
    // Both keys come from one row: on a double miss it is read once.
    let row: Promise<Business | undefined> | undefined;
    const load = () => (row ??= this.repositories.businesses.find(businessId));
    const [profile, settings] = await Promise.all([
      this.cache.getOrLoad(cacheKeys.business(businessId), async (): Promise<Profile | undefined> => {
        const found = await load();
        if (!found) return undefined;
        const { settings: _settings, ...rest } = found;
        return rest;
      }),
      this.cache.getOrLoad(cacheKeys.businessSettings(businessId), async (): Promise<BusinessSettings | undefined> => (await load())?.settings),
    ]);
    if (!profile || !settings) return undefined;
    return { ...revive(profile), settings };
  }

  hours(businessId: string): Promise<BusinessHours | undefined> {
    return this.cache.getOrLoad(cacheKeys.businessHours(businessId), () => this.repositories.hours.hours(businessId));
  }

  async service(businessId: string, serviceId: string): Promise<Service | undefined> {
    const service = revive(await this.cache.getOrLoad(cacheKeys.service(serviceId), () => this.repositories.services.find(businessId, serviceId)));
    // Keyed by service id alone, so the tenant check happens on every read, cached or not.
    return service?.businessId === businessId ? service : undefined;
  }

  async services(businessId: string): Promise<Service[]> {
    const list = await this.cache.getOrLoad(cacheKeys.businessServices(businessId), () => this.repositories.services.listByBusiness(businessId));
    return list.filter((service) => service.businessId === businessId).map((service) => revive(service));
  }

  async resources(businessId: string): Promise<Resource[]> {
    const list = await this.cache.getOrLoad(cacheKeys.businessResources(businessId), () => this.repositories.resources.listByBusiness(businessId));
    return list.filter((resource) => resource.businessId === businessId).map((resource) => revive(resource));
  }

  async forgetBusiness(businessId: string): Promise<void> {
    await this.cache.delete(cacheKeys.business(businessId), cacheKeys.businessSettings(businessId));
  }

  /** A deleted business takes everything cached under it along. */
  async forgetEverything(businessId: string): Promise<void> {
    const services = await this.services(businessId).catch(() => []);
    await this.cache.delete(
      cacheKeys.business(businessId),
      cacheKeys.businessSettings(businessId),
      cacheKeys.businessHours(businessId),
      cacheKeys.businessServices(businessId),
      cacheKeys.businessResources(businessId),
      ...services.map((service) => cacheKeys.service(service.id)),
    );
  }

  async forgetHours(businessId: string): Promise<void> {
    await this.cache.delete(cacheKeys.businessHours(businessId));
  }

  /** A service, and the list it appears in; staff changes pass every service whose staff they changed. */
  async forgetServices(businessId: string, serviceIds: string[]): Promise<void> {
    await this.cache.delete(cacheKeys.businessServices(businessId), ...serviceIds.map((id) => cacheKeys.service(id)));
  }

  async forgetResources(businessId: string): Promise<void> {
    await this.cache.delete(cacheKeys.businessResources(businessId));
  }
}
