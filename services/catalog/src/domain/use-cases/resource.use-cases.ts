import { CatalogErrors } from '../catalog.errors';
import { FieldCheck, rules } from '../catalog-rules';
import { paginate, pageRequest, type Page } from '../pagination';
import { applyResourcePatch, normalizeNewResource, type NewResource, type Resource, type ResourcePatch } from '../resource';
import { requireBusiness, type CatalogDeps } from './catalog.use-cases';

export interface ResourceListQuery {
  kind: string;
  isActive?: boolean;
  limit: number;
  cursor: string;
}

export class ResourceUseCases {
  constructor(private readonly deps: CatalogDeps) {}

  async create(input: NewResource): Promise<Resource> {
    const resource = normalizeNewResource(input);
    await requireBusiness(this.deps, input.businessId);
    const created = await this.deps.resources.create(resource);
    await this.deps.reads.forgetResources(created.businessId);
    return created;
  }

  /** From the cached list: an id of another business is simply not in it. */
  async get(businessId: string, resourceId: string): Promise<Resource> {
    await requireBusiness(this.deps, businessId);
    const resource = (await this.deps.reads.resources(businessId)).find((r) => r.id === resourceId);
    if (!resource) throw CatalogErrors.resourceNotFound();
    return resource;
  }

  async list(businessId: string, query: ResourceListQuery): Promise<Page<Resource>> {
    const check = new FieldCheck().require(!query.kind || rules.kind(query.kind), '/query/kind', 'is not a resource kind');
    const page = pageRequest(query.limit, query.cursor, check);
    await requireBusiness(this.deps, businessId);
    const resources = (await this.deps.reads.resources(businessId)).filter(
      (r) => (!query.kind || r.kind === query.kind) && (query.isActive === undefined || r.isActive === query.isActive),
    );
    return paginate(resources, page);
  }

  async update(businessId: string, resourceId: string, patch: ResourcePatch): Promise<Resource> {
    await requireBusiness(this.deps, businessId);
    const current = await this.deps.resources.find(businessId, resourceId);
    if (!current) throw CatalogErrors.resourceNotFound();
    const { resource, changed } = applyResourcePatch(current, patch);
    if (changed.length === 0) return current;
    const updated = await this.deps.resources.update(resourceId, resource, changed);
    await this.deps.reads.forgetResources(businessId);
    if (!updated) throw CatalogErrors.resourceNotFound();
    return updated;
  }

  async delete(businessId: string, resourceId: string): Promise<void> {
    await requireBusiness(this.deps, businessId);
    const deleted = await this.deps.resources.softDelete(businessId, resourceId);
    await this.deps.reads.forgetResources(businessId);
    if (!deleted) throw CatalogErrors.resourceNotFound();
  }
}
