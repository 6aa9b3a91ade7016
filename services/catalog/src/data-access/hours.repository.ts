import { catalogEventsV1 } from '@omotenashi/proto';
import type { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { BusinessHours, Closure, NewClosure, WeeklyInterval } from '../domain/hours';
import { recordEvent, returning } from './catalog-events';

interface ClosureRow {
  id: string;
  business_id: string;
  from_date: string;
  to_date: string;
  reason: string;
  opens: string | null;
  closes: string | null;
  created_at: Date;
}

const CLOSURE_COLUMNS = `id, business_id, to_char(from_date, 'YYYY-MM-DD') AS from_date, to_char(to_date, 'YYYY-MM-DD') AS to_date,
  reason, to_char(opens, 'HH24:MI') AS opens, to_char(closes, 'HH24:MI') AS closes, created_at`;

/** `24:00:00` is a valid Postgres time and prints as 24:00, the end of the day. */
export const INTERVAL_JSON = `json_build_object('weekday', h.weekday, 'opens', to_char(h.opens, 'HH24:MI'), 'closes', to_char(h.closes, 'HH24:MI'))`;

/** Inserts a week of intervals for a business (`staffId` null) or a staff member's own schedule. */
export async function insertWeekly(manager: EntityManager, table: 'business_hours' | 'staff_hours', businessId: string, weekly: WeeklyInterval[], staffId?: string) {
  if (weekly.length === 0) return;
  const columns = table === 'staff_hours' ? 'staff_id, business_id' : 'business_id';
  const owner = table === 'staff_hours' ? '$4::uuid, $5::uuid' : '$4::uuid';
  await manager.query(
    `INSERT INTO ${table} (${columns}, weekday, opens, closes)
     SELECT ${owner}, w, o::time, c::time FROM unnest($1::smallint[], $2::text[], $3::text[]) AS t(w, o, c)`,
    [weekly.map((i) => i.weekday), weekly.map((i) => i.opens), weekly.map((i) => i.closes), ...(staffId ? [staffId, businessId] : [businessId])],
  );
}

/** Weekly hours, the national-holiday rule, closures and special days of a business. */
export class HoursRepository {
  constructor(private readonly dataSource: DataSource) {}

  async hours(businessId: string): Promise<BusinessHours | undefined> {
    const [row]: { weekly: WeeklyInterval[]; closed_on_national_holidays: boolean }[] = await this.dataSource.query(
      `SELECT b.closed_on_national_holidays,
         COALESCE((SELECT json_agg(${INTERVAL_JSON} ORDER BY h.weekday, h.opens) FROM business_hours h WHERE h.business_id = b.id), '[]') AS weekly
       FROM businesses b WHERE b.id = $1 AND b.deleted_at IS NULL`,
      [businessId],
    );
    return row && { weekly: row.weekly, closedOnNationalHolidays: row.closed_on_national_holidays };
  }

  /** PUT semantics: the new week replaces the old one whole, with its event, in one transaction. */
  async replaceHours(businessId: string, hours: BusinessHours): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const updated: unknown[] = await returning(manager,
        `UPDATE businesses SET closed_on_national_holidays = $2, updated_at = now() WHERE id = $1 AND deleted_at IS NULL RETURNING id`,
        [businessId, hours.closedOnNationalHolidays],
      );
      if (updated.length === 0) return false;
      await manager.query(`DELETE FROM business_hours WHERE business_id = $1`, [businessId]);
      await insertWeekly(manager, 'business_hours', businessId, hours.weekly);
      await recordEvent(manager, 'catalog.hours.updated', 'HoursUpdated', catalogEventsV1.HoursUpdated, {
        businessId, closedOnNationalHolidays: hours.closedOnNationalHolidays, intervalCount: hours.weekly.length,
      });
      return true;
    });
  }

  /** Closures overlapping [from, to] (either bound optional), by start date. */
  async closures(businessId: string, fromDate?: string, toDate?: string): Promise<Closure[]> {
    const { sql, params } = closuresQuery(businessId, fromDate, toDate);
    const rows: ClosureRow[] = await this.dataSource.query(sql, params);
    return rows.map(toClosure);
  }

  async createClosure(input: NewClosure): Promise<Closure> {
    return this.dataSource.transaction(async (manager) => {
      const [row]: ClosureRow[] = await manager.query(
        `INSERT INTO closures (id, business_id, from_date, to_date, reason, opens, closes)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${CLOSURE_COLUMNS}`,
        [uuidv7(), input.businessId, input.fromDate, input.toDate, input.reason, input.opens, input.closes],
      );
      const closure = toClosure(row);
      await recordEvent(manager, 'catalog.closure.created', 'ClosureCreated', catalogEventsV1.ClosureCreated, {
        businessId: closure.businessId, closureId: closure.id, fromDate: closure.fromDate, toDate: closure.toDate, closed: closure.opens === null,
      });
      return closure;
    });
  }

  async deleteClosure(businessId: string, closureId: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [row]: ClosureRow[] = await returning(manager,
        `UPDATE closures SET deleted_at = now() WHERE id = $1 AND business_id = $2 AND deleted_at IS NULL RETURNING ${CLOSURE_COLUMNS}`,
        [closureId, businessId],
      );
      if (!row) return false;
      await recordEvent(manager, 'catalog.closure.deleted', 'ClosureDeleted', catalogEventsV1.ClosureDeleted, {
        businessId, closureId, fromDate: row.from_date, toDate: row.to_date,
      });
      return true;
    });
  }
}

/** Through idx_closures_business (business_id, to_date): live closures ending on or after `from`. */
export function closuresQuery(businessId: string, fromDate?: string, toDate?: string): { sql: string; params: unknown[] } {
  const params: unknown[] = [businessId];
  const where = ['business_id = $1', 'deleted_at IS NULL'];
  if (fromDate) where.push(`to_date >= $${params.push(fromDate)}::date`);
  if (toDate) where.push(`from_date <= $${params.push(toDate)}::date`);
  return { sql: `SELECT ${CLOSURE_COLUMNS} FROM closures WHERE ${where.join(' AND ')} ORDER BY from_date, id`, params };
}

function toClosure(row: ClosureRow): Closure {
  return {
    id: row.id,
    businessId: row.business_id,
    fromDate: row.from_date,
    toDate: row.to_date,
    reason: row.reason,
    opens: row.opens,
    closes: row.closes,
    createdAt: row.created_at,
  };
}
