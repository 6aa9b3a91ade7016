import type { EntityManager } from 'typeorm';
import { ACTIVE_STATUSES } from '../domain/booking';
import { BookingErrors } from '../domain/booking.errors';

export interface SeatRequest {
  businessId: string;
  serviceId: string;
  startsAt: Date;
  endsAt: Date;
  partySize: number;
  capacity: number;
  /** A booking being moved does not compete with itself. */
  excludeBookingId?: string;
}

/**
 * The transaction-scoped lock on one service's seats: bookings, moves and releases of a class take turns
 * on it, so what one counts (or which guest holds a session's performer) cannot change before it commits.
 */
export async function lockSeats(manager: EntityManager, serviceId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`seats:${serviceId}`]);
}

/** Seats of a class or table: concurrent bookings of one service count under the seats lock. */
export async function ensureSeats(manager: EntityManager, request: SeatRequest): Promise<void> {
  await lockSeats(manager, request.serviceId);
  const rows: { taken: string }[] = await manager.query(
    `SELECT COALESCE(sum(b.party_size), 0) AS taken FROM bookings b
     WHERE b.business_id = $1 AND b.service_id = $2 AND b.status = ANY($3) AND b.deleted_at IS NULL
       AND tstzrange(b.starts_at, b.ends_at, '[)') && tstzrange($4, $5, '[)') AND b.id IS DISTINCT FROM $6`,
    [request.businessId, request.serviceId, ACTIVE_STATUSES, request.startsAt, request.endsAt, request.excludeBookingId ?? null],
  );
  const remaining = request.capacity - Number(rows[0].taken);
  if (request.partySize > remaining) throw BookingErrors.capacityExceeded(Math.max(remaining, 0));
}
