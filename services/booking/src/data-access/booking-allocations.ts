import type { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { BookedAllocation } from '../domain/scheduling';
import { lockSeats } from './booking-seats';

/** What one booking occupies, decided by the use case (see slot-choice.ts). */
export interface AllocationPlan {
  serviceId: string;
  /** The time the booking occupies, buffers included. */
  occupiedFrom: Date;
  occupiedTo: Date;
  /** 1 = one-to-one; more = a class or table with seats. */
  capacity: number;
  /** The service needs neither staff nor resources: then it is its own (exclusive) resource when one-to-one. */
  standalone: boolean;
  staffId: string | null;
  resourceIds: string[];
}

interface AllocationRow {
  booking_id: string;
  subject_kind: BookedAllocation['subjectKind'];
  subject_id: string;
  lower: Date;
  upper: Date;
  party_size: number;
  service_id: string;
}

/** The business's active allocations overlapping [from, to), for the availability engine. */
export class AllocationReader {
  constructor(private readonly dataSource: DataSource) {}

  /** One query on the (business_id, period) WHERE active GiST index; the join brings the seats and the service. */
  async overlapping(businessId: string, from: Date, to: Date): Promise<BookedAllocation[]> {
    const rows: AllocationRow[] = await this.dataSource.query(
      `SELECT a.booking_id, a.subject_kind, a.subject_id, lower(a.period) AS lower, upper(a.period) AS upper, b.party_size, b.service_id
       FROM booking_allocations a JOIN bookings b ON b.id = a.booking_id AND b.business_id = a.business_id
       WHERE a.business_id = $1 AND a.active AND a.period && tstzrange($2, $3, '[)')`,
      [businessId, from, to],
    );
    return rows.map((row) => ({
      bookingId: row.booking_id,
      subjectKind: row.subject_kind,
      subjectId: row.subject_id,
      startsAt: row.lower,
      endsAt: row.upper,
      seats: row.party_size,
      serviceId: row.service_id,
    }));
  }
}

/**
 * Inserts the booking's allocations. Staff and resources are exclusive, so the exclusion constraint has
 * the last word on double bookings; the service itself is exclusive only when it is its own resource.
 * A guest joining a class session shares its performer and room: the session's first guest holds them
 * exclusively, later guests hold non-exclusive rows (decided under the seats lock, see releaseAllocations).
 */
export async function insertAllocations(manager: EntityManager, businessId: string, bookingId: string, plan: AllocationPlan): Promise<void> {
  const rows: AllocationRowPlan[] = [];
  for (const [kind, id, exclusive] of plannedAllocations(plan)) {
    const joins = plan.capacity > 1 && kind !== 'service' && (await sessionHeld(manager, businessId, plan, id));
    rows.push([kind, id, exclusive && !joins]);
  }
  await manager.query(
    `INSERT INTO booking_allocations (id, business_id, booking_id, subject_kind, subject_id, period, exclusive)
     SELECT id, $1, $2, kind, subject, tstzrange($3, $4, '[)'), exclusive
     FROM unnest($5::uuid[], $6::text[], $7::uuid[], $8::boolean[]) AS t(id, kind, subject, exclusive)`,
    [businessId, bookingId, plan.occupiedFrom, plan.occupiedTo, ...allocationColumns(rows)],
  );
}

/** kind, subject id, exclusive. */
export type AllocationRowPlan = [string, string, boolean];

/**
 * What a booking occupies before any class session is taken into account: the service (exclusive only
 * when one-to-one and standalone), then staff, then resources by id — every booking takes its subjects
 * in one global order, so two can't deadlock.
 */
export function plannedAllocations(plan: AllocationPlan): AllocationRowPlan[] {
  return [
    ['service', plan.serviceId, plan.capacity === 1 && plan.standalone],
    ...(plan.staffId ? [['staff', plan.staffId, true] as AllocationRowPlan] : []),
    ...[...plan.resourceIds].sort().map((id) => ['resource', id, true] as AllocationRowPlan),
  ];
}

/** The unnest() arrays of an allocation insert: fresh ids (uuidv7, so in row order), kinds, subjects, exclusivity. */
export function allocationColumns(rows: AllocationRowPlan[]): [string[], string[], string[], boolean[]] {
  return [rows.map(() => uuidv7()), rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])];
}

/** Whether a guest of this same session (same service, same period) already holds the subject exclusively. */
async function sessionHeld(manager: EntityManager, businessId: string, plan: AllocationPlan, subjectId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `SELECT 1 FROM booking_allocations a JOIN bookings b ON b.id = a.booking_id
     WHERE a.business_id = $1 AND a.subject_id = $2 AND a.period = tstzrange($3, $4, '[)') AND a.active AND a.exclusive AND b.service_id = $5
     LIMIT 1`,
    [businessId, subjectId, plan.occupiedFrom, plan.occupiedTo, plan.serviceId],
  );
  return rows.length > 0;
}

/**
 * Frees what a booking occupies (cancel, no-show, expiry) or, with `remove`, drops it before a move
 * inserts the new allocations. When the booking held a class session's performer or room exclusively,
 * another guest of the session takes over that hold, so the exclusion constraint keeps guarding the
 * session. The seats lock makes this and a guest joining the session take turns.
 */
export async function releaseAllocations(
  manager: EntityManager,
  booking: { id: string; businessId: string; serviceId: string },
  options: { remove?: boolean } = {},
): Promise<void> {
  await lockSeats(manager, booking.serviceId);
  const [released]: [{ subject_kind: string; subject_id: string; period: string; exclusive: boolean }[], number] = await manager.query(
    `${options.remove ? 'DELETE FROM booking_allocations' : 'UPDATE booking_allocations SET active = false'}
     WHERE booking_id = $1 AND business_id = $2 AND active RETURNING subject_kind, subject_id, period::text AS period, exclusive`,
    [booking.id, booking.businessId],
  );
  for (const row of released.filter((r) => r.exclusive && r.subject_kind !== 'service')) {
    await manager.query(
      `UPDATE booking_allocations SET exclusive = true WHERE id = (
         SELECT id FROM booking_allocations
         WHERE business_id = $1 AND subject_id = $2 AND period = $3::tstzrange AND active AND NOT exclusive
         ORDER BY id LIMIT 1)`,
      [booking.businessId, row.subject_id, row.period],
    );
  }
}
