import type { BookingState } from '../domain/booking-state';
import type { Db } from './payment.repository';
import { bookingStateToDomain, type BookingStateRow } from './payment.rows';

const COLUMNS = `booking_id, business_id, status, known, previous_status, payment_id, price_amount, currency, prepayment, deposit_amount,
  refund_amount, hold_expires_at`;

/**
 * Locks a booking's projection for the rest of the transaction, creating it as `held` (not yet known)
 * when no booking event has arrived: every saga step of one booking runs after this, one at a time.
 * One statement: the no-op DO UPDATE takes the row lock (waiting like FOR UPDATE) and returns the row.
 */
export async function lockBookingState(db: Db, businessId: string, bookingId: string): Promise<BookingState> {
  const rows: BookingStateRow[] = await db.query(
    `INSERT INTO booking_states (booking_id, business_id, status) VALUES ($1, $2, 'held')
     ON CONFLICT (booking_id) DO UPDATE SET booking_id = EXCLUDED.booking_id
     RETURNING ${COLUMNS}`,
    [bookingId, businessId],
  );
  const state = bookingStateToDomain(rows[0]);
  if (state.businessId !== businessId) throw new Error(`Booking ${bookingId} belongs to another business than the event says`);
  return state;
}

export async function saveBookingState(db: Db, state: BookingState): Promise<void> {
  await db.query(
    `UPDATE booking_states SET status = $2, known = $3, previous_status = $4, payment_id = $5, price_amount = $6, currency = $7,
       prepayment = $8, deposit_amount = $9, refund_amount = $10, hold_expires_at = $11, updated_at = now()
     WHERE booking_id = $1`,
    [state.bookingId, state.status, state.known, state.previousStatus, state.paymentId, state.priceAmount, state.currency, state.prepayment,
      state.depositAmount, state.refundAmount, state.holdExpiresAt],
  );
}
