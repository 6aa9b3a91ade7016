import { writeOutbox } from '@omotenashi/events';
import { bookingEventsV1 } from '@omotenashi/proto';
import type { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { Booking, BookingStatus, CustomerInput } from '../domain/booking';
import type { PolicySnapshot } from '../domain/booking-policy';
import { BookingErrors } from '../domain/booking.errors';
import type { BookingListQuery } from '../domain/booking-list';
import { listBookingsQuery } from './booking-list.query';
import { allocationColumns, insertAllocations, plannedAllocations, releaseAllocations, type AllocationPlan } from './booking-allocations';
import { BOOKING_COLUMNS, toDomain, type BookingRow } from './booking.rows';
import { ensureSeats } from './booking-seats';

export const EXCLUSION_VIOLATION = '23P01';

/** Everything the use case decided; the repository only makes it durable, atomically. */
export interface NewBooking extends AllocationPlan {
  businessId: string;
  customer: CustomerInput;
  status: BookingStatus;
  startsAt: Date;
  endsAt: Date;
  bookingDate: string;
  partySize: number;
  priceAmount: number;
  currency: string;
  policySnapshot: PolicySnapshot;
  /** sha256 of the guest's manage token. */
  manageTokenHash: Buffer;
  holdExpiresAt: Date | null;
  notes: string;
  /** The customer named the person (a reschedule keeps them). */
  staffRequested: boolean;
}

/** A hold that `expireHold` just released. */
export interface ExpiredHold {
  bookingId: string;
  businessId: string;
  /** YYYY-MM-DD in the business's zone. */
  bookingDate: string;
}

export class BookingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** `alsoInTransaction` runs before commit, so whatever it writes commits (or not) with the booking. */
  async create(input: NewBooking, alsoInTransaction?: (manager: EntityManager, booking: Booking) => Promise<void>): Promise<Booking> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const row = input.capacity > 1 ? await insertSessionGuest(manager, input) : await insertOneToOne(manager, input);
        // The row comes back from the INSERT itself (no read-back). Its resources are the allocations
        // inserted with it, which findIn lists by allocation id: uuidv7 ids follow the sorted insert order.
        const booking = toDomain({ ...row, resource_ids: [...input.resourceIds].sort() });
        await writeOutbox(manager, {
          subject: 'booking.booking.created',
          eventType: 'omotenashi.events.v1.BookingCreated',
          businessId: booking.businessId,
          payload: bookingEventsV1.BookingCreated.encode({
            bookingId: booking.id,
            businessId: booking.businessId,
            serviceId: booking.serviceId,
            customerId: booking.customerId,
            status: booking.status,
            startsAt: booking.startsAt.toISOString(),
            endsAt: booking.endsAt.toISOString(),
            bookingDate: booking.bookingDate,
            priceAmount: booking.priceAmount,
            currency: booking.currency,
            holdExpiresAt: booking.holdExpiresAt?.toISOString() ?? '',
            prepayment: input.policySnapshot.prepayment,
            depositAmount: input.policySnapshot.prepayment === 'deposit' ? input.policySnapshot.depositAmount : 0,
          }).finish(),
        });
        await alsoInTransaction?.(manager, booking);
        return booking;
      });
    } catch (error) {
      if ((error as { code?: string }).code === EXCLUSION_VIOLATION) throw BookingErrors.slotTaken();
      throw error;
    }
  }

  /**
   * Releases a hold that ran out: the booking becomes `expired`, its allocations stop counting, and
   * `booking.booking.expired` is written — all or nothing. Answers which hold expired (its business and
   * local date, whose availability changed), or undefined when it was paid, cancelled or already expired
   * meanwhile (the row lock makes a racing confirmation and expiry take turns).
   */
  async expireHold(bookingId: string, now: Date): Promise<ExpiredHold | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const [rows]: [{ id: string; business_id: string; service_id: string; booking_date: string }[], number] = await manager.query(
        `UPDATE bookings SET status = 'expired', updated_at = now()
         WHERE id = $1 AND status = 'held' AND hold_expires_at <= $2 AND deleted_at IS NULL
         RETURNING id, business_id, service_id, to_char(booking_date, 'YYYY-MM-DD') AS booking_date`,
        [bookingId, now],
      );
      const expired = rows[0];
      if (!expired) return undefined;
      await releaseAllocations(manager, { id: expired.id, businessId: expired.business_id, serviceId: expired.service_id });
      await writeOutbox(manager, {
        subject: 'booking.booking.expired',
        eventType: 'omotenashi.events.v1.BookingExpired',
        businessId: expired.business_id,
        payload: bookingEventsV1.BookingExpired.encode({
          bookingId: expired.id,
          businessId: expired.business_id,
          serviceId: expired.service_id,
          expiredAt: now.toISOString(),
          bookingDate: expired.booking_date,
        }).finish(),
      });
      return { bookingId: expired.id, businessId: expired.business_id, bookingDate: expired.booking_date };
    });
  }

  /** Holds past their expiry that are still held (their delayed job was lost or is late). */
  async overdueHolds(now: Date, limit = 500): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM bookings WHERE status = 'held' AND hold_expires_at <= $1 AND deleted_at IS NULL ORDER BY hold_expires_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((row) => row.id);
  }

  async find(businessId: string, bookingId: string): Promise<Booking | undefined> {
    return findIn(this.dataSource.manager, businessId, bookingId);
  }

  /** One page of a business's bookings in (starts_at, id) order; fetches one extra row to know if more follow. */
  async list(query: BookingListQuery): Promise<Booking[]> {
    const { text, values } = listBookingsQuery(query);
    const rows: BookingRow[] = await this.dataSource.query(text, values);
    return rows.map(toDomain);
  }
}

export async function findIn(manager: EntityManager, businessId: string, bookingId: string): Promise<Booking | undefined> {
  const rows: BookingRow[] = await manager.query(
    `SELECT ${BOOKING_COLUMNS} FROM bookings b WHERE b.id = $1 AND b.business_id = $2 AND b.deleted_at IS NULL`,
    [bookingId, businessId],
  );
  return rows[0] ? toDomain(rows[0]) : undefined;
}

const BOOKING_INSERT_COLUMNS = `id, business_id, service_id, customer_id, status, starts_at, ends_at, booking_date, party_size,
  price_amount, currency, policy_snapshot, hold_expires_at, notes, manage_token_hash, staff_id, staff_requested`;

/** The 17 values of BOOKING_INSERT_COLUMNS, customer_id fourth. */
function bookingValues(input: NewBooking, customerId: string | null): unknown[] {
  return [uuidv7(), input.businessId, input.serviceId, customerId, input.status, input.startsAt, input.endsAt, input.bookingDate,
    input.partySize, input.priceAmount, input.currency, JSON.stringify(input.policySnapshot), input.holdExpiresAt, input.notes,
    input.manageTokenHash, input.staffId, input.staffRequested];
}

const placeholders = (from: number, count: number) => Array.from({ length: count }, (_, i) => `$${from + i}`);

/** The upsert of the booking's customer (by e-mail within the business), its 6 parameters from `$first`. */
function upsertCustomerSql(first: number): string {
  const [id, business, email, name, phone, locale] = placeholders(first, 6);
  return `INSERT INTO customers (id, business_id, email, name, phone, locale)
    VALUES (${id}, ${business}, ${email}, ${name}, NULLIF(${phone}, ''), COALESCE(NULLIF(${locale}, ''), 'ja'))
    ON CONFLICT (business_id, lower(email)) WHERE deleted_at IS NULL
    DO UPDATE SET name = EXCLUDED.name, phone = COALESCE(EXCLUDED.phone, customers.phone), updated_at = now()
    RETURNING id`;
}

function customerValues(businessId: string, customer: CustomerInput): unknown[] {
  return [uuidv7(), businessId, customer.email.trim(), customer.name.trim(), customer.phone, customer.locale];
}

/**
 * A one-to-one booking in one statement (one round trip inside the transaction): the customer upsert,
 * the booking and its allocations as data-modifying CTEs. The exclusion constraint still checks every
 * allocation row (23P01 → SLOT_TAKEN), and a failure anywhere fails the whole statement.
 */
async function insertOneToOne(manager: EntityManager, input: NewBooking): Promise<BookingRow> {
  // $1–$16: the booking without customer_id; $17–$22: the customer; $23–$24: the period; $25–$28: allocations.
  const booking = bookingValues(input, null);
  booking.splice(3, 1);
  const values = placeholders(1, 16);
  values.splice(3, 0, '(SELECT id FROM customer)');
  const [row]: BookingRow[] = await manager.query(
    `WITH customer AS (${upsertCustomerSql(17)}),
     b AS (INSERT INTO bookings (${BOOKING_INSERT_COLUMNS}) VALUES (${values.join(', ')}) RETURNING *),
     allocations AS (
       INSERT INTO booking_allocations (id, business_id, booking_id, subject_kind, subject_id, period, exclusive)
       SELECT t.id, b.business_id, b.id, t.kind, t.subject, tstzrange($23, $24, '[)'), t.exclusive
       FROM b, unnest($25::uuid[], $26::text[], $27::uuid[], $28::boolean[]) AS t(id, kind, subject, exclusive))
     SELECT ${BOOKING_COLUMNS} FROM b`,
    [...booking, ...customerValues(input.businessId, input.customer), input.occupiedFrom, input.occupiedTo, ...allocationColumns(plannedAllocations(input))],
  );
  return row;
}

/** A guest of a class or table: seats are counted and session holds decided under the seats lock, step by step. */
async function insertSessionGuest(manager: EntityManager, input: NewBooking): Promise<BookingRow> {
  const customerId = await upsertCustomer(manager, input.businessId, input.customer);
  await ensureSeats(manager, input);
  const [row]: BookingRow[] = await manager.query(
    `INSERT INTO bookings AS b (${BOOKING_INSERT_COLUMNS})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
     RETURNING ${BOOKING_COLUMNS}`,
    bookingValues(input, customerId),
  );
  await insertAllocations(manager, input.businessId, row.id, input);
  return row;
}

async function upsertCustomer(manager: EntityManager, businessId: string, customer: CustomerInput): Promise<string> {
  const rows: { id: string }[] = await manager.query(upsertCustomerSql(1), customerValues(businessId, customer));
  return rows[0].id;
}
