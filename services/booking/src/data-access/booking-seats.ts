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
 * Seats of a class or table: concurrent bookings of one service take turns on a transaction-scoped
 * advisory lock, so the count they check cannot change before they commit.
 */
export async function ensureSeats(manager: EntityManager, request: SeatRequest): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`seats:${request.serviceId}`]);
  const rows: { taken: string }[] = await manager.query(
    `SELECT COALESCE(sum(b.party_size), 0) AS taken FROM bookings b
     WHERE b.business_id = $1 AND b.service_id = $2 AND b.status = ANY($3) AND b.deleted_at IS NULL
       AND tstzrange(b.starts_at, b.ends_at, '[)') && tstzrange($4, $5, '[)') AND b.id IS DISTINCT FROM $6`,
    [request.businessId, request.serviceId, ACTIVE_STATUSES, request.startsAt, request.endsAt, request.excludeBookingId ?? null],
  );
  const remaining = request.capacity - Number(rows[0].taken);
  if (request.partySize > remaining) throw BookingErrors.capacityExceeded(Math.max(remaining, 0));
}
