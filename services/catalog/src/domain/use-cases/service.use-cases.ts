import { CatalogErrors } from '../catalog.errors';
import { FieldCheck, rules } from '../catalog-rules';
import { paginate, pageRequest, type Page } from '../pagination';
import { applyServicePatch, normalizeNewService, type NewService, type Service, type ServicePatch } from '../service';
import { requireBusiness, requireKnown, type CatalogDeps } from './catalog.use-cases';

export interface ServiceListQuery {
  isActive?: boolean;
  category: string;
  limit: number;
  cursor: string;
}

export class ServiceUseCases {
  constructor(private readonly deps: CatalogDeps) {}

  async create(input: NewService): Promise<Service> {
    const business = await requireBusiness(this.deps, input.businessId);
    const service = normalizeNewService(input, business.currency);
    await this.requireOwnStaff(service);
    const created = await this.deps.services.create(service);
    await this.deps.reads.forgetServices(created.businessId, [created.id]);
    return created;
  }

  async get(businessId: string, serviceId: string): Promise<Service> {
    await requireBusiness(this.deps, businessId);
    const service = await this.deps.reads.service(businessId, serviceId);
    if (!service) throw CatalogErrors.serviceNotFound();
    return service;
  }

  /** From the cached list of the business's services, filtered and paged in memory. */
  async list(businessId: string, query: ServiceListQuery): Promise<Page<Service>> {
    const check = new FieldCheck().require(!query.category || rules.category(query.category), '/query/category', 'is not a known category');
    const page = pageRequest(query.limit, query.cursor, check);
    await requireBusiness(this.deps, businessId);
    const services = (await this.deps.reads.services(businessId)).filter(
      (service) => (query.isActive === undefined || service.isActive === query.isActive) && (!query.category || service.category === query.category),
    );
    return paginate(services, page);
  }

  async update(businessId: string, serviceId: string, patch: ServicePatch): Promise<Service> {
    const business = await requireBusiness(this.deps, businessId);
    const current = await this.deps.services.find(businessId, serviceId);
    if (!current) throw CatalogErrors.serviceNotFound();
    const { service, changed } = applyServicePatch(current, patch, business.currency);
    if (changed.length === 0) return current;
    await this.requireOwnStaff(service);
    const updated = await this.deps.services.update(serviceId, service, changed);
    await this.deps.reads.forgetServices(businessId, [serviceId]);
    if (!updated) throw CatalogErrors.serviceNotFound();
    return updated;
  }

  async delete(businessId: string, serviceId: string): Promise<void> {
    await requireBusiness(this.deps, businessId);
    const deleted = await this.deps.services.softDelete(businessId, serviceId);
    await this.deps.reads.forgetServices(businessId, [serviceId]);
    if (!deleted) throw CatalogErrors.serviceNotFound();
  }

  private async requireOwnStaff(service: NewService): Promise<void> {
    if (service.staffIds.length === 0) return;
    const known = await this.deps.staff.existingIds(service.businessId, service.staffIds);
    requireKnown(service.staffIds, known, '/staff_ids', 'is not a staff member of this business');
  }
}
