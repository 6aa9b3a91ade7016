import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { Payment, PaymentKind, PaymentStatus } from '../domain/payment';
import { PAYMENT_COLUMNS, paymentToDomain, type PaymentRow } from './payment.rows';

/** A connection or a transaction: every function here runs in whichever the caller holds. */
export type Db = EntityManager;

export const UNIQUE_VIOLATION = '23505';

/** TypeORM answers an UPDATE … RETURNING with `[rows, affected]`, an INSERT or SELECT with the rows alone. */
export async function updateReturning<T>(db: Db, sql: string, params: unknown[]): Promise<T[]> {
  const result = (await db.query(sql, params)) as unknown;
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

export interface NewPayment {
  businessId: string;
  bookingId: string;
  provider: string;
  kind: PaymentKind;
  amount: number;
  currency: string;
  attempt: number;
  leaseMs: number;
}

const one = (rows: PaymentRow[]) => (rows[0] ? paymentToDomain(rows[0]) : undefined);

/** Every read of a business's payment names the business: another business's payment is simply not found. */
export async function findPayment(db: Db, businessId: string, paymentId: string): Promise<Payment | undefined> {
  return one(await db.query(`SELECT ${PAYMENT_COLUMNS} FROM booking_payments WHERE business_id = $1 AND id = $2`, [businessId, paymentId]));
}

export async function listBookingPayments(db: Db, businessId: string, bookingId: string): Promise<Payment[]> {
  const rows: PaymentRow[] = await db.query(
    `SELECT ${PAYMENT_COLUMNS} FROM booking_payments WHERE business_id = $1 AND booking_id = $2 ORDER BY created_at DESC, attempt DESC`,
    [businessId, bookingId],
  );
  return rows.map(paymentToDomain);
}

/** Locks the payment row for the rest of the transaction (refund amounts, status changes). */
export async function lockPayment(db: Db, paymentId: string): Promise<Payment | undefined> {
  return one(await db.query(`SELECT ${PAYMENT_COLUMNS} FROM booking_payments WHERE id = $1 FOR UPDATE`, [paymentId]));
}

/** Internal lookups (webhooks, commands) that learn the business from the payment itself. */
export async function findPaymentById(db: Db, paymentId: string): Promise<Payment | undefined> {
  return one(await db.query(`SELECT ${PAYMENT_COLUMNS} FROM booking_payments WHERE id = $1`, [paymentId]));
}

export async function findByProviderPaymentId(db: Db, provider: string, providerPaymentId: string): Promise<Payment | undefined> {
  return one(
    await db.query(`SELECT ${PAYMENT_COLUMNS} FROM booking_payments WHERE provider = $1 AND provider_payment_id = $2`, [provider, providerPaymentId]),
  );
}

/** Inserts the payment with a lease on creating its provider intent; a unique violation means someone else opened one. */
export async function insertPayment(db: Db, input: NewPayment): Promise<Payment> {
  const rows: PaymentRow[] = await db.query(
    `INSERT INTO booking_payments (id, business_id, booking_id, provider, kind, amount, currency, status, attempt, intent_lease_until)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'requires_payment_method', $8, now() + $9 * interval '1 millisecond')
     RETURNING ${PAYMENT_COLUMNS}`,
    [uuidv7(), input.businessId, input.bookingId, input.provider, input.kind, input.amount, input.currency, input.attempt, input.leaseMs],
  );
  return paymentToDomain(rows[0]);
}

/** Takes the lease on creating the provider intent of a payment that has none yet; false while someone else holds it. */
export async function claimIntentLease(db: Db, paymentId: string, leaseMs: number): Promise<boolean> {
  const rows = await updateReturning(
    db,
    `UPDATE booking_payments SET intent_lease_until = now() + $2 * interval '1 millisecond'
     WHERE id = $1 AND provider_payment_id IS NULL AND status = 'requires_payment_method'
       AND (intent_lease_until IS NULL OR intent_lease_until < now())
     RETURNING 1`,
    [paymentId, leaseMs],
  );
  return rows.length > 0;
}

export async function releaseIntentLease(db: Db, paymentId: string): Promise<void> {
  await db.query(`UPDATE booking_payments SET intent_lease_until = NULL WHERE id = $1 AND provider_payment_id IS NULL`, [paymentId]);
}

export interface IntentFacts {
  providerPaymentId: string;
  clientSecret: string;
  nextActionUrl?: string;
}

export async function recordIntent(db: Db, paymentId: string, intent: IntentFacts): Promise<Payment> {
  const rows = await updateReturning<PaymentRow>(
    db,
    `UPDATE booking_payments SET provider_payment_id = COALESCE(provider_payment_id, $2), client_secret = COALESCE(client_secret, NULLIF($3, '')),
       next_action_url = COALESCE($4, next_action_url), intent_lease_until = NULL, updated_at = now()
     WHERE id = $1 RETURNING ${PAYMENT_COLUMNS}`,
    [paymentId, intent.providerPaymentId, intent.clientSecret, intent.nextActionUrl ?? null],
  );
  return paymentToDomain(rows[0]);
}

const STATUS_TIMESTAMP: Partial<Record<PaymentStatus, string>> = {
  authorized: 'authorized_at',
  succeeded: 'succeeded_at',
  failed: 'failed_at',
  canceled: 'canceled_at',
  refunded: 'refunded_at',
};

export interface StatusChange {
  status: PaymentStatus;
  at: Date;
  failureCode?: string;
  failureMessage?: string;
  nextActionUrl?: string;
  amountRefunded?: number;
}

/** Writes a new status; each status's timestamp is recorded once (the first time it is reached). */
export async function changeStatus(db: Db, paymentId: string, change: StatusChange): Promise<Payment> {
  const params: unknown[] = [paymentId, change.status, change.failureCode ?? null, change.failureMessage ?? null, change.nextActionUrl ?? null,
    change.amountRefunded ?? null];
  const stamps: string[] = [];
  const column = STATUS_TIMESTAMP[change.status];
  if (column) {
    params.push(change.at);
    stamps.push(`, ${column} = COALESCE(${column}, $${params.length})`);
    // Reaching success also means it was authorized (automatic capture skips a separate report).
    if (change.status === 'succeeded') stamps.push(`, authorized_at = COALESCE(authorized_at, $${params.length})`);
  }
  const rows = await updateReturning<PaymentRow>(
    db,
    `UPDATE booking_payments SET status = $2, updated_at = now()${stamps.join('')},
       failure_code = COALESCE($3, failure_code), failure_message = COALESCE($4, failure_message),
       next_action_url = COALESCE($5, next_action_url), amount_refunded = COALESCE($6::bigint, amount_refunded)
     WHERE id = $1 RETURNING ${PAYMENT_COLUMNS}`,
    params,
  );
  return paymentToDomain(rows[0]);
}

/** Where the payer completes an authentication, as the provider told the payer's client. */
export async function recordNextAction(db: Db, paymentId: string, nextActionUrl: string): Promise<void> {
  await db.query(`UPDATE booking_payments SET next_action_url = $2, updated_at = now() WHERE id = $1`, [paymentId, nextActionUrl]);
}

/** Locks all of a booking's payments (in id order, the same order everywhere, so lockers never deadlock). */
export async function lockBookingPayments(db: Db, businessId: string, bookingId: string): Promise<Payment[]> {
  const rows: PaymentRow[] = await db.query(
    `SELECT ${PAYMENT_COLUMNS} FROM booking_payments WHERE business_id = $1 AND booking_id = $2 ORDER BY id FOR UPDATE`,
    [businessId, bookingId],
  );
  return rows.map(paymentToDomain);
}
