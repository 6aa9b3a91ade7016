import { CatalogErrors } from '../catalog.errors';
import { FieldCheck, isIsoDate } from '../catalog-rules';
import { normalizeHours, normalizeNewClosure, type BusinessHours, type Closure, type NewClosure } from '../hours';
import { requireBusiness, type CatalogDeps } from './catalog.use-cases';

export class HoursUseCases {
  constructor(private readonly deps: CatalogDeps) {}

  async get(businessId: string): Promise<BusinessHours> {
    const hours = await this.deps.reads.hours(businessId);
    if (!hours) throw CatalogErrors.businessNotFound();
    return hours;
  }

  /** PUT: the week given replaces the week stored, holiday rule included. */
  async replace(businessId: string, input: BusinessHours): Promise<BusinessHours> {
    const hours = normalizeHours(input);
    const replaced = await this.deps.hours.replaceHours(businessId, hours);
    await this.deps.reads.forgetHours(businessId);
    if (!replaced) throw CatalogErrors.businessNotFound();
    return this.get(businessId);
  }

  async listClosures(businessId: string, fromDate: string, toDate: string): Promise<Closure[]> {
    new FieldCheck()
      .require(!fromDate || isIsoDate(fromDate), '/query/from', 'must be a date YYYY-MM-DD')
      .require(!toDate || isIsoDate(toDate), '/query/to', 'must be a date YYYY-MM-DD')
      .throwIfAny();
    await requireBusiness(this.deps, businessId);
    return this.deps.hours.closures(businessId, fromDate || undefined, toDate || undefined);
  }

  async createClosure(input: NewClosure): Promise<Closure> {
    const closure = normalizeNewClosure(input);
    await requireBusiness(this.deps, input.businessId);
    return this.deps.hours.createClosure(closure);
  }

  async deleteClosure(businessId: string, closureId: string): Promise<void> {
    await requireBusiness(this.deps, businessId);
    if (!(await this.deps.hours.deleteClosure(businessId, closureId))) throw CatalogErrors.closureNotFound();
  }
}
