import { CommonErrors } from '@omotenashi/errors';
import type { CatalogReadCache } from '../../data-access/catalog-read.cache';
import type { BusinessRepository } from '../../data-access/business.repository';
import type { HoursRepository } from '../../data-access/hours.repository';
import type { ResourceRepository } from '../../data-access/resource.repository';
import type { ServiceRepository } from '../../data-access/service.repository';
import type { StaffRepository } from '../../data-access/staff.repository';
import type { Business } from '../business';
import { CatalogErrors } from '../catalog.errors';
import { BusinessUseCases } from './business.use-cases';
import { HoursUseCases } from './hours.use-cases';
import { ResourceUseCases } from './resource.use-cases';
import { SchedulingUseCases } from './scheduling.use-cases';
import { ServiceUseCases } from './service.use-cases';
import { StaffUseCases } from './staff.use-cases';

/** What every use case reads and writes through. */
export interface CatalogDeps {
  businesses: BusinessRepository;
  hours: HoursRepository;
  services: ServiceRepository;
  resources: ResourceRepository;
  staff: StaffRepository;
  reads: CatalogReadCache;
}

/** Every tenant-owned read starts here: a business that is missing or deleted ends the request. */
export async function requireBusiness(deps: Pick<CatalogDeps, 'reads'>, businessId: string): Promise<Business> {
  const business = await deps.reads.business(businessId);
  if (!business) throw CatalogErrors.businessNotFound();
  return business;
}

/** Ids a request names (`/staff_ids/2`) that are not live objects of this business: all reported at once. */
export function requireKnown(ids: string[], known: Set<string>, pointer: string, detail: string): void {
  const fields = ids.flatMap((id, i) => (known.has(id) ? [] : [{ pointer: `${pointer}/${i}`, detail }]));
  if (fields.length) throw CommonErrors.validation(fields);
}

/** The catalog's use cases by area; entry points call these and nothing below. */
export class CatalogUseCases {
  readonly businesses: BusinessUseCases;
  readonly hours: HoursUseCases;
  readonly services: ServiceUseCases;
  readonly resources: ResourceUseCases;
  readonly staff: StaffUseCases;
  readonly scheduling: SchedulingUseCases;

  constructor(deps: CatalogDeps) {
    this.businesses = new BusinessUseCases(deps);
    this.hours = new HoursUseCases(deps);
    this.services = new ServiceUseCases(deps);
    this.resources = new ResourceUseCases(deps);
    this.staff = new StaffUseCases(deps);
    this.scheduling = new SchedulingUseCases(deps);
  }
}
