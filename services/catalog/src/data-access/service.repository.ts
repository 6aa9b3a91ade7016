import { catalogEventsV1 } from '@omotenashi/proto';
import type { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { NewService, Service } from '../domain/service';
import { recordEvent, returning } from './catalog-events';

interface ServiceRow {
  id: string;
  business_id: string;
  name_ja: string;
  name_en: string;
  description_ja: string;
  description_en: string;
  category: string;
  duration_minutes: number;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  price_amount: string;
  currency: string;
  capacity: number;
  prepayment: Service['prepayment'];
  deposit_amount: string;
  resource_kinds: string[];
  staff_ids: string[];
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `s.id, s.business_id, s.name_ja, s.name_en, s.description_ja, s.description_en, s.category, s.duration_minutes,
  s.buffer_before_minutes, s.buffer_after_minutes, s.price_amount, s.currency, s.capacity, s.prepayment, s.deposit_amount,
  s.resource_kinds, s.is_active, s.created_at, s.updated_at,
  ARRAY(SELECT ss.staff_id::text FROM staff_services ss WHERE ss.service_id = s.id ORDER BY 1) AS staff_ids`;

/** A business's live services, for the cached list (the seed's idx_services_business). */
export const SERVICES_OF_BUSINESS_SQL = `SELECT ${COLUMNS} FROM services s WHERE s.business_id = $1 AND s.deleted_at IS NULL ORDER BY s.id`;

/** Links staff to a service, only staff of the same business (ids of another business are dropped here too). */
export async function linkStaffToService(manager: EntityManager, businessId: string, serviceId: string, staffIds: string[]) {
  await manager.query(`DELETE FROM staff_services WHERE service_id = $1 AND business_id = $2`, [serviceId, businessId]);
  if (staffIds.length === 0) return;
  await manager.query(
    `INSERT INTO staff_services (business_id, staff_id, service_id)
     SELECT $1, sa.id, $2 FROM staff_assignments sa WHERE sa.id = ANY($3::uuid[]) AND sa.business_id = $1 AND sa.terminated_at IS NULL`,
    [businessId, serviceId, staffIds],
  );
}

/** A business's services (menus); every query is scoped by business id. */
export class ServiceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(input: NewService): Promise<Service> {
    return this.dataSource.transaction(async (manager) => {
      const id = uuidv7();
      await manager.query(
        `INSERT INTO services (id, business_id, name_ja, name_en, description_ja, description_en, category, duration_minutes,
           buffer_before_minutes, buffer_after_minutes, price_amount, currency, capacity, prepayment, deposit_amount, resource_kinds, is_active)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
        [id, input.businessId, ...values(input)],
      );
      await linkStaffToService(manager, input.businessId, id, input.staffIds);
      const service = (await findIn(manager, input.businessId, id))!;
      await recordEvent(manager, 'catalog.service.created', 'ServiceCreated', catalogEventsV1.ServiceCreated, {
        businessId: service.businessId, serviceId: service.id, durationMinutes: service.durationMinutes,
        priceAmount: service.priceAmount, currency: service.currency,
      });
      return service;
    });
  }

  find(businessId: string, serviceId: string): Promise<Service | undefined> {
    return findIn(this.dataSource.manager, businessId, serviceId);
  }

  /** Every live service of a business (a few dozen at most); filtering and paging happen on the cached list. */
  async listByBusiness(businessId: string): Promise<Service[]> {
    const rows: ServiceRow[] = await this.dataSource.query(SERVICES_OF_BUSINESS_SQL, [businessId]);
    return rows.map(toService);
  }

  async existingIds(businessId: string, ids: string[]): Promise<Set<string>> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM services WHERE business_id = $1 AND id = ANY($2::uuid[]) AND deleted_at IS NULL`,
      [businessId, ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  async update(serviceId: string, input: NewService, changed: string[]): Promise<Service | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const updated: unknown[] = await returning(manager,
        `UPDATE services SET name_ja = $3, name_en = $4, description_ja = $5, description_en = $6, category = $7, duration_minutes = $8,
           buffer_before_minutes = $9, buffer_after_minutes = $10, price_amount = $11, currency = $12, capacity = $13, prepayment = $14,
           deposit_amount = $15, resource_kinds = $16, is_active = $17, updated_at = now()
         WHERE id = $1 AND business_id = $2 AND deleted_at IS NULL RETURNING id`,
        [serviceId, input.businessId, ...values(input)],
      );
      if (updated.length === 0) return undefined;
      if (changed.includes('staff_ids')) await linkStaffToService(manager, input.businessId, serviceId, input.staffIds);
      const service = (await findIn(manager, input.businessId, serviceId))!;
      await recordEvent(manager, 'catalog.service.updated', 'ServiceUpdated', catalogEventsV1.ServiceUpdated, {
        businessId: service.businessId, serviceId, durationMinutes: service.durationMinutes, priceAmount: service.priceAmount,
        currency: service.currency, isActive: service.isActive, changedFields: changed,
      });
      return service;
    });
  }

  async softDelete(businessId: string, serviceId: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const deleted: unknown[] = await returning(manager,
        `UPDATE services SET deleted_at = now(), updated_at = now() WHERE id = $1 AND business_id = $2 AND deleted_at IS NULL RETURNING id`,
        [serviceId, businessId],
      );
      if (deleted.length === 0) return false;
      await manager.query(`DELETE FROM staff_services WHERE service_id = $1 AND business_id = $2`, [serviceId, businessId]);
      await recordEvent(manager, 'catalog.service.deleted', 'ServiceDeleted', catalogEventsV1.ServiceDeleted, { businessId, serviceId });
      return true;
    });
  }
}

async function findIn(manager: EntityManager, businessId: string, serviceId: string): Promise<Service | undefined> {
  const [row]: ServiceRow[] = await manager.query(
    `SELECT ${COLUMNS} FROM services s WHERE s.id = $1 AND s.business_id = $2 AND s.deleted_at IS NULL`,
    [serviceId, businessId],
  );
  return row && toService(row);
}

function values(input: NewService): unknown[] {
  return [
    input.nameJa, input.nameEn, input.descriptionJa, input.descriptionEn, input.category, input.durationMinutes, input.bufferBeforeMinutes,
    input.bufferAfterMinutes, input.priceAmount, input.currency, input.capacity, input.prepayment, input.depositAmount, input.resourceKinds,
    input.isActive,
  ];
}

/** bigint arrives from pg as a string; amounts stay far below 2^53, so numbers are safe. */
function toService(row: ServiceRow): Service {
  return {
    id: row.id,
    businessId: row.business_id,
    nameJa: row.name_ja,
    nameEn: row.name_en,
    descriptionJa: row.description_ja,
    descriptionEn: row.description_en,
    category: row.category,
    durationMinutes: row.duration_minutes,
    bufferBeforeMinutes: row.buffer_before_minutes,
    bufferAfterMinutes: row.buffer_after_minutes,
    priceAmount: Number(row.price_amount),
    currency: row.currency.trim(),
    capacity: row.capacity,
    prepayment: row.prepayment,
    depositAmount: Number(row.deposit_amount),
    resourceKinds: row.resource_kinds,
    staffIds: row.staff_ids,
    isActive: row.is_active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
