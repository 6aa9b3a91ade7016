import { catalogEventsV1 } from '@omotenashi/proto';
import type { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { CatalogErrors } from '../domain/catalog.errors';
import type { WeeklyInterval } from '../domain/hours';
import type { NewStaff, Staff, StaffRole, TimeOff } from '../domain/staff';
import { isUniqueViolation, recordEvent, returning } from './catalog-events';
import { insertWeekly, INTERVAL_JSON } from './hours.repository';

interface StaffRow {
  id: string;
  business_id: string;
  user_id: string | null;
  email: string;
  display_name: string;
  role: StaffRole;
  is_active: boolean;
  terminated_at: Date | null;
  created_at: Date;
  updated_at: Date;
  service_ids: string[];
  schedule: WeeklyInterval[];
  time_off: Array<{ starts_at: string; ends_at: string; reason: string }>;
}

/** `$1` is always the business id; time off is limited to a window when `windowParam` names one. */
function columns(windowParam?: string): string {
  const window = windowParam ? ` AND t.period && ${windowParam}` : '';
  return `s.id, s.business_id, s.user_id, s.email, s.display_name, s.role, s.is_active, s.terminated_at, s.created_at, s.updated_at,
  ARRAY(SELECT ss.service_id::text FROM staff_services ss WHERE ss.staff_id = s.id ORDER BY 1) AS service_ids,
  COALESCE((SELECT json_agg(${INTERVAL_JSON} ORDER BY h.weekday, h.opens) FROM staff_hours h WHERE h.staff_id = s.id), '[]') AS schedule,
  COALESCE((SELECT json_agg(json_build_object('starts_at', lower(t.period), 'ends_at', upper(t.period), 'reason', t.reason) ORDER BY lower(t.period))
    FROM staff_time_off t WHERE t.staff_id = s.id AND t.business_id = s.business_id${window}), '[]') AS time_off`;
}

export interface StaffFilter {
  isActive?: boolean;
  serviceId?: string;
}

/** The seed's idx_staff_business (business_id, is_active) WHERE terminated_at IS NULL. */
export function staffListQuery(businessId: string, filter: StaffFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [businessId];
  const where = ['s.business_id = $1', 's.terminated_at IS NULL'];
  if (filter.isActive !== undefined) where.push(`s.is_active = $${params.push(filter.isActive)}`);
  if (filter.serviceId) {
    where.push(`EXISTS (SELECT 1 FROM staff_services ss WHERE ss.staff_id = s.id AND ss.service_id = $${params.push(filter.serviceId)})`);
  }
  return { sql: `SELECT ${columns()} FROM staff_assignments s WHERE ${where.join(' AND ')} ORDER BY s.id`, params };
}

/** What GetSchedulingData asks: active staff performing `$2`, time off limited to [$3, $4). */
export const ELIGIBLE_STAFF_SQL = `SELECT ${columns('tstzrange($3, $4)')} FROM staff_assignments s
  WHERE s.business_id = $1 AND s.is_active AND s.terminated_at IS NULL
    AND EXISTS (SELECT 1 FROM staff_services ss WHERE ss.staff_id = s.id AND ss.service_id = $2)
  ORDER BY s.id`;

/** What GetSchedulingData asks for a whole business: all active staff, time off limited to [$2, $3). */
export const ACTIVE_STAFF_SQL = `SELECT ${columns('tstzrange($2, $3)')} FROM staff_assignments s
  WHERE s.business_id = $1 AND s.is_active AND s.terminated_at IS NULL
  ORDER BY s.id`;

/** The seed's idx_staff_user (user_id) WHERE terminated_at IS NULL. */
export const STAFF_OF_USER_SQL = `SELECT ${columns()} FROM staff_assignments s WHERE s.user_id = $1 AND s.terminated_at IS NULL ORDER BY s.business_id`;

/** Staff assignments with their schedules, time off and services; terminated assignments are invisible. */
export class StaffRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(input: NewStaff): Promise<Staff> {
    return this.writing(async (manager) => {
      const id = uuidv7();
      await manager.query(
        `INSERT INTO staff_assignments (id, business_id, user_id, email, display_name, role, is_active) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, input.businessId, input.userId, input.email, input.displayName, input.role, input.isActive],
      );
      await replaceChildren(manager, id, input, ['schedule', 'time_off', 'service_ids']);
      const staff = (await findIn(manager, input.businessId, id))!;
      await recordEvent(manager, 'catalog.staff.created', 'StaffCreated', catalogEventsV1.StaffCreated, {
        businessId: staff.businessId, staffId: id, userId: staff.userId ?? '', role: staff.role,
      });
      return staff;
    });
  }

  find(businessId: string, staffId: string): Promise<Staff | undefined> {
    return findIn(this.dataSource.manager, businessId, staffId);
  }

  async list(businessId: string, filter: StaffFilter = {}): Promise<Staff[]> {
    const { sql, params } = staffListQuery(businessId, filter);
    const rows: StaffRow[] = await this.dataSource.query(sql, params);
    return rows.map(toStaff);
  }

  /** Active staff who perform a service, with only the time off that overlaps [from, to). */
  async eligible(businessId: string, serviceId: string, from: Date, to: Date): Promise<Staff[]> {
    const rows: StaffRow[] = await this.dataSource.query(ELIGIBLE_STAFF_SQL, [businessId, serviceId, from, to]);
    return rows.map(toStaff);
  }

  /** Everyone active in the business, each with the services they perform, for scheduling every service at once. */
  async active(businessId: string, from: Date, to: Date): Promise<Staff[]> {
    const rows: StaffRow[] = await this.dataSource.query(ACTIVE_STAFF_SQL, [businessId, from, to]);
    return rows.map(toStaff);
  }

  /** A person's live assignments across businesses (the seed's idx_staff_user). */
  async listByUser(userId: string): Promise<Staff[]> {
    const rows: StaffRow[] = await this.dataSource.query(STAFF_OF_USER_SQL, [userId]);
    return rows.map(toStaff);
  }

  async existingIds(businessId: string, ids: string[]): Promise<Set<string>> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM staff_assignments WHERE business_id = $1 AND id = ANY($2::uuid[]) AND terminated_at IS NULL`,
      [businessId, ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  async update(staffId: string, input: NewStaff, changed: string[]): Promise<Staff | undefined> {
    return this.writing(async (manager) => {
      const updated: unknown[] = await returning(manager,
        `UPDATE staff_assignments SET user_id = $3, email = $4, display_name = $5, role = $6, is_active = $7, updated_at = now()
         WHERE id = $1 AND business_id = $2 AND terminated_at IS NULL RETURNING id`,
        [staffId, input.businessId, input.userId, input.email, input.displayName, input.role, input.isActive],
      );
      if (updated.length === 0) return undefined;
      await replaceChildren(manager, staffId, input, changed);
      const staff = (await findIn(manager, input.businessId, staffId))!;
      await recordEvent(manager, 'catalog.staff.updated', 'StaffUpdated', catalogEventsV1.StaffUpdated, {
        businessId: staff.businessId, staffId, userId: staff.userId ?? '', role: staff.role, isActive: staff.isActive, changedFields: changed,
      });
      return staff;
    });
  }

  /** Ends the assignment: it keeps its history but performs nothing and is no longer listed. */
  async terminate(businessId: string, staffId: string): Promise<Staff | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const staff = await findIn(manager, businessId, staffId);
      if (!staff) return undefined;
      await manager.query(
        `UPDATE staff_assignments SET terminated_at = now(), is_active = false, updated_at = now() WHERE id = $1 AND business_id = $2`,
        [staffId, businessId],
      );
      await manager.query(`DELETE FROM staff_services WHERE staff_id = $1 AND business_id = $2`, [staffId, businessId]);
      await recordEvent(manager, 'catalog.staff.deleted', 'StaffDeleted', catalogEventsV1.StaffDeleted, {
        businessId, staffId, userId: staff.userId ?? '',
      });
      return staff;
    });
  }

  private async writing<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (isUniqueViolation(error)) throw CatalogErrors.staffTaken();
      throw error;
    }
  }
}

/** Replaces the schedule, time off and services named in `which` (snake_case field names). */
async function replaceChildren(manager: EntityManager, staffId: string, staff: NewStaff, which: string[]): Promise<void> {
  const { businessId } = staff;
  if (which.includes('schedule')) {
    await manager.query(`DELETE FROM staff_hours WHERE staff_id = $1 AND business_id = $2`, [staffId, businessId]);
    await insertWeekly(manager, 'staff_hours', businessId, staff.schedule, staffId);
  }
  if (which.includes('time_off')) {
    await manager.query(`DELETE FROM staff_time_off WHERE staff_id = $1 AND business_id = $2`, [staffId, businessId]);
    for (const timeOff of staff.timeOff) {
      await manager.query(
        `INSERT INTO staff_time_off (id, staff_id, business_id, period, reason) VALUES ($1, $2, $3, tstzrange($4, $5, '[)'), $6)`,
        [uuidv7(), staffId, businessId, timeOff.startsAt, timeOff.endsAt, timeOff.reason],
      );
    }
  }
  if (which.includes('service_ids')) {
    await manager.query(`DELETE FROM staff_services WHERE staff_id = $1 AND business_id = $2`, [staffId, businessId]);
    await manager.query(
      `INSERT INTO staff_services (business_id, staff_id, service_id)
       SELECT $1, $2, sv.id FROM services sv WHERE sv.id = ANY($3::uuid[]) AND sv.business_id = $1 AND sv.deleted_at IS NULL`,
      [businessId, staffId, staff.serviceIds],
    );
  }
}

async function findIn(manager: EntityManager, businessId: string, staffId: string): Promise<Staff | undefined> {
  const [row]: StaffRow[] = await manager.query(
    `SELECT ${columns()} FROM staff_assignments s WHERE s.id = $2 AND s.business_id = $1 AND s.terminated_at IS NULL`,
    [businessId, staffId],
  );
  return row && toStaff(row);
}

function toStaff(row: StaffRow): Staff {
  const timeOff: TimeOff[] = row.time_off.map((t) => ({
    startsAt: new Date(t.starts_at).toISOString(),
    endsAt: new Date(t.ends_at).toISOString(),
    reason: t.reason,
  }));
  return {
    id: row.id,
    businessId: row.business_id,
    userId: row.user_id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    isActive: row.is_active,
    terminatedAt: row.terminated_at,
    serviceIds: row.service_ids,
    schedule: row.schedule,
    timeOff,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
