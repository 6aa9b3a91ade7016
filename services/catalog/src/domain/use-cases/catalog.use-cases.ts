import type { CatalogReadCache } from '../../data-access/catalog-read.cache';
import type { CatalogRepository } from '../../data-access/catalog.repository';
import { normalizeNewBusiness, type Business, type BookingPolicy, type NewBusiness } from '../business';
import { CatalogErrors } from '../catalog.errors';
import { normalizeNewService, type NewService, type Service } from '../service';

/** The catalog's use cases; each reads as its flow. Entry points call these and nothing below. */
export class CatalogUseCases {
  constructor(
    private readonly repository: CatalogRepository,
    private readonly reads: CatalogReadCache,
  ) {}

  createBusiness(input: Omit<Partial<NewBusiness>, 'policy'> & { policy?: Partial<BookingPolicy> }): Promise<Business> {
    return this.repository.createBusiness(normalizeNewBusiness(input));
  }

  async getBusiness(businessId: string): Promise<Business> {
    const business = await this.reads.business(businessId);
    if (!business) throw CatalogErrors.businessNotFound();
    return business;
  }

  async createService(input: NewService): Promise<Service> {
    const business = await this.getBusiness(input.businessId);
    const service = await this.repository.createService(normalizeNewService(input, business.currency));
    await this.reads.forgetService(service.businessId, service.id);
    return service;
  }

  async getService(businessId: string, serviceId: string): Promise<Service> {
    const service = await this.reads.service(businessId, serviceId);
    if (!service) throw CatalogErrors.serviceNotFound();
    return service;
  }
}
