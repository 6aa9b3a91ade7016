import { writeOutbox } from '@omotenashi/events';
import type { DataSource, EntityManager } from 'typeorm';
import type { BookingRecord } from '../domain/actor';
import type { Booking } from '../domain/booking';
import type { BookingChange } from '../domain/booking-change';
import { BookingErrors } from '../domain/booking.errors';
import { insertAllocations, releaseAllocations } from './booking-allocations';
import { lifecycleEvent } from './booking-lifecycle.events';
import { EXCLUSION_VIOLATION, findIn } from './booking.repository';
import { RECORD_COLUMNS, toDomain, type BookingRow } from './booking.rows';
import { ensureSeats } from './booking-seats';

type AppliedChange = Exclude<BookingChange, { type: 'none' }>;

/**
 * Status changes and moves of existing bookings. Each runs on the booking row locked `FOR UPDATE`, so
 * concurrent changes of one booking take turns and the later one decides on what the earlier one
 * committed (a cancel racing a confirmation: exactly one of them applies to the held booking).
 */
export class BookingLifecycleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** An unlocked read, for what must be known before the transaction (e.g. which service to ask the catalog about). */
  async findRecord(businessId: string, bookingId: string): Promise<BookingRecord | undefined> {
    return recordIn(this.dataSource.manager, businessId, bookingId, false);
  }

  /**
   * Locks the booking, lets `decide` (pure domain rules) choose the change, then writes it with its event
   * in the same transaction. `decide` throws to refuse; it receives `undefined` for a missing booking.
   */
  async change(businessId: string, bookingId: string, at: Date, decide: (record: BookingRecord | undefined) => BookingChange): Promise<Booking> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const record = await recordIn(manager, businessId, bookingId, true);
        const change = decide(record);
        if (!record) throw BookingErrors.bookingNotFound();
        if (change.type === 'none') return record.booking;
        await apply(manager, record.booking, change, at);
        const after = (await findIn(manager, businessId, bookingId)) as Booking;
        await writeOutbox(manager, lifecycleEvent(record.booking, after, change, at));
        return after;
      });
    } catch (error) {
      if ((error as { code?: string }).code === EXCLUSION_VIOLATION) throw BookingErrors.slotTaken();
      throw error;
    }
  }
}

async function recordIn(manager: EntityManager, businessId: string, bookingId: string, lock: boolean): Promise<BookingRecord | undefined> {
  const rows: (BookingRow & { manage_token_hash: Buffer | null; staff_requested: boolean })[] = await manager.query(
    `SELECT ${RECORD_COLUMNS} FROM bookings b WHERE b.id = $1 AND b.business_id = $2 AND b.deleted_at IS NULL ${lock ? 'FOR UPDATE OF b' : ''}`,
    [bookingId, businessId],
  );
  const row = rows[0];
  return row ? { booking: toDomain(row), manageTokenHash: row.manage_token_hash, staffRequested: row.staff_requested } : undefined;
}

async function setStatus(manager: EntityManager, booking: Booking, status: string, extra = '', extraValues: unknown[] = []): Promise<void> {
  await manager.query(
    `UPDATE bookings SET status = $3, updated_at = now()${extra} WHERE id = $1 AND business_id = $2`,
    [booking.id, booking.businessId, status, ...extraValues],
  );
}

async function apply(manager: EntityManager, booking: Booking, change: AppliedChange, at: Date): Promise<void> {
  switch (change.type) {
    case 'confirm':
      return setStatus(manager, booking, 'confirmed', ', hold_expires_at = NULL, payment_id = COALESCE(NULLIF($4, \'\'), payment_id)', [
        change.paymentId,
      ]);
    case 'complete':
      return setStatus(manager, booking, 'completed');
    case 'no_show':
      // The customer did not come: what is left of the slot can go to a walk-in.
      await setStatus(manager, booking, 'no_show');
      return releaseAllocations(manager, booking);
    case 'cancel':
      await setStatus(
        manager,
        booking,
        'cancelled',
        ', cancelled_at = $4, cancelled_by = $5, cancellation_reason = $6, cancellation_fee_amount = $7, refund_amount = $8',
        [at, change.actor.kind, change.reason, change.terms.feeAmount, change.terms.refundAmount],
      );
      return releaseAllocations(manager, booking);
    case 'reschedule':
      return move(manager, booking, change);
  }
}

/**
 * Moves the booking: its allocations at the old time are dropped and those the use case picked for the
 * new time inserted, so the exclusion constraint judges the new time against everyone but this booking.
 * A taken target raises 23P01 and the whole transaction (old slot included) rolls back.
 */
async function move(manager: EntityManager, booking: Booking, change: Extract<AppliedChange, { type: 'reschedule' }>): Promise<void> {
  const allocation = change.allocation;
  if (!allocation) throw new Error('a reschedule needs the allocation picked for its new time');
  if (change.capacity > 1) {
    await ensureSeats(manager, {
      businessId: booking.businessId,
      serviceId: booking.serviceId,
      startsAt: change.startsAt,
      endsAt: change.endsAt,
      partySize: booking.partySize,
      capacity: change.capacity,
      excludeBookingId: booking.id,
    });
  }
  await manager.query(
    `UPDATE bookings SET starts_at = $3, ends_at = $4, booking_date = $5, staff_id = $6, reschedule_count = reschedule_count + 1, updated_at = now()
     WHERE id = $1 AND business_id = $2`,
    [booking.id, booking.businessId, change.startsAt, change.endsAt, change.bookingDate, allocation.staffId],
  );
  await releaseAllocations(manager, booking, { remove: true });
  await insertAllocations(manager, booking.businessId, booking.id, { serviceId: booking.serviceId, capacity: change.capacity, ...allocation });
}
