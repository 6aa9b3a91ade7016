import { CatalogErrors } from '../catalog.errors';
import { paginate, pageRequest, type Page } from '../pagination';
import { applyStaffPatch, normalizeNewStaff, type NewStaff, type Staff, type StaffPatch } from '../staff';
import { requireBusiness, requireKnown, type CatalogDeps } from './catalog.use-cases';

export interface StaffListQuery {
  isActive?: boolean;
  serviceId: string;
  limit: number;
  cursor: string;
}

/** Staff change which services list them, so every write forgets the cached services it touched. */
export class StaffUseCases {
  constructor(private readonly deps: CatalogDeps) {}

  async create(input: NewStaff): Promise<Staff> {
    const staff = normalizeNewStaff(input);
    await requireBusiness(this.deps, input.businessId);
    await this.requireOwnServices(staff);
    const created = await this.deps.staff.create(staff);
    await this.deps.reads.forgetServices(created.businessId, created.serviceIds);
    return created;
  }

  async get(businessId: string, staffId: string): Promise<Staff> {
    await requireBusiness(this.deps, businessId);
    const staff = await this.deps.staff.find(businessId, staffId);
    if (!staff) throw CatalogErrors.staffNotFound();
    return staff;
  }

  async list(businessId: string, query: StaffListQuery): Promise<Page<Staff>> {
    const page = pageRequest(query.limit, query.cursor);
    await requireBusiness(this.deps, businessId);
    const staff = await this.deps.staff.list(businessId, { isActive: query.isActive, serviceId: query.serviceId || undefined });
    return paginate(staff, page);
  }

  async update(businessId: string, staffId: string, patch: StaffPatch): Promise<Staff> {
    const current = await this.get(businessId, staffId);
    const { staff, changed } = applyStaffPatch(current, patch);
    if (changed.length === 0) return current;
    await this.requireOwnServices(staff);
    const updated = await this.deps.staff.update(staffId, staff, changed);
    await this.deps.reads.forgetServices(businessId, [...current.serviceIds, ...staff.serviceIds]);
    if (!updated) throw CatalogErrors.staffNotFound();
    return updated;
  }

  /** DELETE ends the assignment (terminated_at); the person stops performing every service. */
  async delete(businessId: string, staffId: string): Promise<void> {
    await requireBusiness(this.deps, businessId);
    const terminated = await this.deps.staff.terminate(businessId, staffId);
    if (!terminated) throw CatalogErrors.staffNotFound();
    await this.deps.reads.forgetServices(businessId, terminated.serviceIds);
  }

  listByUser(userId: string): Promise<Staff[]> {
    return this.deps.staff.listByUser(userId);
  }

  /** "Staff performing a service of another business" is refused, naming each such id. */
  private async requireOwnServices(staff: NewStaff): Promise<void> {
    if (staff.serviceIds.length === 0) return;
    const known = await this.deps.services.existingIds(staff.businessId, staff.serviceIds);
    requireKnown(staff.serviceIds, known, '/service_ids', 'is not a service of this business');
  }
}
