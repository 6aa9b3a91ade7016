import { catalogEventsV1 } from '@omotenashi/proto';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { NewResource, Resource } from '../domain/resource';
import { recordEvent, returning } from './catalog-events';

interface ResourceRow {
  id: string;
  business_id: string;
  kind: string;
  name_ja: string;
  name_en: string;
  capacity: number;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, business_id, kind, name_ja, name_en, capacity, is_active, created_at, updated_at';

/** A business's live resources, for the cached list (idx_resources_business). */
export const RESOURCES_OF_BUSINESS_SQL = `SELECT ${COLUMNS} FROM resources WHERE business_id = $1 AND deleted_at IS NULL ORDER BY id`;

/** Rooms, chairs, seats and equipment of a business; every query is scoped by business id. */
export class ResourceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(input: NewResource): Promise<Resource> {
    return this.dataSource.transaction(async (manager) => {
      const [row]: ResourceRow[] = await manager.query(
        `INSERT INTO resources (id, business_id, kind, name_ja, name_en, capacity, is_active)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [uuidv7(), input.businessId, input.kind, input.nameJa, input.nameEn, input.capacity, input.isActive],
      );
      const resource = toResource(row);
      await recordEvent(manager, 'catalog.resource.created', 'ResourceCreated', catalogEventsV1.ResourceCreated, {
        businessId: resource.businessId, resourceId: resource.id, kind: resource.kind, capacity: resource.capacity,
      });
      return resource;
    });
  }

  /** Every live resource of a business; the list is cached and filtered in memory. */
  async listByBusiness(businessId: string): Promise<Resource[]> {
    const rows: ResourceRow[] = await this.dataSource.query(RESOURCES_OF_BUSINESS_SQL, [businessId]);
    return rows.map(toResource);
  }

  async find(businessId: string, resourceId: string): Promise<Resource | undefined> {
    const [row]: ResourceRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM resources WHERE id = $1 AND business_id = $2 AND deleted_at IS NULL`,
      [resourceId, businessId],
    );
    return row && toResource(row);
  }

  async update(resourceId: string, input: NewResource, changed: string[]): Promise<Resource | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const [row]: ResourceRow[] = await returning(manager,
        `UPDATE resources SET kind = $3, name_ja = $4, name_en = $5, capacity = $6, is_active = $7, updated_at = now()
         WHERE id = $1 AND business_id = $2 AND deleted_at IS NULL RETURNING ${COLUMNS}`,
        [resourceId, input.businessId, input.kind, input.nameJa, input.nameEn, input.capacity, input.isActive],
      );
      if (!row) return undefined;
      const resource = toResource(row);
      await recordEvent(manager, 'catalog.resource.updated', 'ResourceUpdated', catalogEventsV1.ResourceUpdated, {
        businessId: resource.businessId, resourceId, kind: resource.kind, capacity: resource.capacity, isActive: resource.isActive,
        changedFields: changed,
      });
      return resource;
    });
  }

  async softDelete(businessId: string, resourceId: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const deleted: unknown[] = await returning(manager,
        `UPDATE resources SET deleted_at = now(), updated_at = now() WHERE id = $1 AND business_id = $2 AND deleted_at IS NULL RETURNING id`,
        [resourceId, businessId],
      );
      if (deleted.length === 0) return false;
      await recordEvent(manager, 'catalog.resource.deleted', 'ResourceDeleted', catalogEventsV1.ResourceDeleted, { businessId, resourceId });
      return true;
    });
  }
}

function toResource(row: ResourceRow): Resource {
  return {
    id: row.id,
    businessId: row.business_id,
    kind: row.kind,
    nameJa: row.name_ja,
    nameEn: row.name_en,
    capacity: row.capacity,
    isActive: row.is_active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
