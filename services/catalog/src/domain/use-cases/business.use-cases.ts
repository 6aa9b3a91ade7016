import { applyBusinessPatch, normalizeNewBusiness, type Business, type BusinessInput } from '../business';
import { CatalogErrors } from '../catalog.errors';
import { FieldCheck, rules } from '../catalog-rules';
import { pageRequest, toPage, type Page } from '../pagination';
import { requireBusiness, type CatalogDeps } from './catalog.use-cases';

export interface BusinessListQuery {
  query: string;
  category: string;
  limit: number;
  cursor: string;
}

export class BusinessUseCases {
  constructor(private readonly deps: CatalogDeps) {}

  async create(input: BusinessInput): Promise<Business> {
    const business = await this.deps.businesses.create(normalizeNewBusiness(input));
    await this.deps.reads.forgetBusiness(business.id);
    return business;
  }

  get(businessId: string): Promise<Business> {
    return requireBusiness(this.deps, businessId);
  }

  /** Public profile by slug: the slug names the id, the id goes through the cache. */
  async getBySlug(slug: string): Promise<Business> {
    const id = rules.slug(slug.toLowerCase()) ? await this.deps.businesses.findIdBySlug(slug.toLowerCase()) : undefined;
    if (!id) throw CatalogErrors.businessNotFound();
    return this.get(id);
  }

  /** Public listing: search ja/en names, filter by category, keyset pages. */
  async list(request: BusinessListQuery): Promise<Page<Business>> {
    const query = request.query.trim();
    const check = new FieldCheck()
      .require(query.length <= 100, '/query/q', 'must be at most 100 characters')
      .require(!request.category || rules.category(request.category), '/query/category', 'is not a known category');
    const page = pageRequest(request.limit, request.cursor, check);
    const rows = await this.deps.businesses.list({ ...page, query: query || undefined, category: request.category || undefined });
    return toPage(rows, page.limit);
  }

  async update(businessId: string, patch: BusinessInput): Promise<Business> {
    const current = await requireBusiness(this.deps, businessId);
    const { business, changed } = applyBusinessPatch(current, patch);
    if (changed.length === 0) return current;
    if (business.currency !== current.currency && (await this.deps.businesses.countServices(businessId)) > 0) {
      throw CatalogErrors.currencyLocked(current.currency);
    }
    const updated = await this.deps.businesses.update(businessId, business, changed);
    await this.deps.reads.forgetBusiness(businessId);
    if (!updated) throw CatalogErrors.businessNotFound();
    return updated;
  }

  async delete(businessId: string): Promise<void> {
    const deleted = await this.deps.businesses.softDelete(businessId);
    await this.deps.reads.forgetEverything(businessId);
    if (!deleted) throw CatalogErrors.businessNotFound();
  }
}
