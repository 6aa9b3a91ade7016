import { v7 as uuidv7 } from 'uuid';
import type { Refund, RefundReason } from '../domain/payment';
import { updateReturning, type Db } from './payment.repository';
import { REFUND_COLUMNS, refundToDomain, type RefundRow } from './payment.rows';

export interface NewRefund {
  businessId: string;
  paymentId: string;
  amount: number;
  currency: string;
  reason: RefundReason;
  idempotencyKey: string;
  note?: string;
  actorId?: string;
}

/** Records a pending refund once per idempotency key; undefined when the key (or the automatic slot) is taken. */
export async function insertRefund(db: Db, input: NewRefund): Promise<Refund | undefined> {
  const rows: RefundRow[] = await db.query(
    `INSERT INTO payment_refunds (id, business_id, payment_id, amount, currency, status, reason, idempotency_key, note, actor_id)
     VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8, $9)
     ON CONFLICT DO NOTHING RETURNING ${REFUND_COLUMNS}`,
    [uuidv7(), input.businessId, input.paymentId, input.amount, input.currency, input.reason, input.idempotencyKey, input.note ?? '', input.actorId ?? ''],
  );
  return rows[0] ? refundToDomain(rows[0]) : undefined;
}

export async function findRefundByKey(db: Db, idempotencyKey: string): Promise<Refund | undefined> {
  const rows: RefundRow[] = await db.query(`SELECT ${REFUND_COLUMNS} FROM payment_refunds WHERE idempotency_key = $1`, [idempotencyKey]);
  return rows[0] ? refundToDomain(rows[0]) : undefined;
}

export async function findRefund(db: Db, refundId: string): Promise<Refund | undefined> {
  const rows: RefundRow[] = await db.query(`SELECT ${REFUND_COLUMNS} FROM payment_refunds WHERE id = $1`, [refundId]);
  return rows[0] ? refundToDomain(rows[0]) : undefined;
}

export async function findRefundByProviderId(db: Db, providerRefundId: string): Promise<Refund | undefined> {
  const rows: RefundRow[] = await db.query(`SELECT ${REFUND_COLUMNS} FROM payment_refunds WHERE provider_refund_id = $1`, [providerRefundId]);
  return rows[0] ? refundToDomain(rows[0]) : undefined;
}

export async function listRefunds(db: Db, paymentIds: string[]): Promise<Refund[]> {
  if (paymentIds.length === 0) return [];
  const rows: RefundRow[] = await db.query(
    `SELECT ${REFUND_COLUMNS} FROM payment_refunds WHERE payment_id = ANY($1::uuid[]) ORDER BY created_at, id`,
    [paymentIds],
  );
  return rows.map(refundToDomain);
}

/** What refunds under way (not yet succeeded or failed) hold back of a payment. */
export async function pendingRefundTotal(db: Db, paymentId: string): Promise<number> {
  const rows: { total: string }[] = await db.query(
    `SELECT COALESCE(sum(amount), 0) AS total FROM payment_refunds WHERE payment_id = $1 AND status = 'pending'`,
    [paymentId],
  );
  return Number(rows[0].total);
}

export async function setProviderRefundId(db: Db, refundId: string, providerRefundId: string): Promise<void> {
  await db.query(`UPDATE payment_refunds SET provider_refund_id = COALESCE(provider_refund_id, $2) WHERE id = $1`, [refundId, providerRefundId]);
}

/** pending → succeeded|failed, once: undefined when the refund had already settled. */
export async function settleRefund(db: Db, refundId: string, outcome: 'succeeded' | 'failed', at: Date, failureMessage?: string): Promise<Refund | undefined> {
  const column = outcome === 'succeeded' ? 'succeeded_at' : 'failed_at';
  const rows = await updateReturning<RefundRow>(
    db,
    `UPDATE payment_refunds SET status = $2, ${column} = $3, failure_message = $4
     WHERE id = $1 AND status = 'pending' RETURNING ${REFUND_COLUMNS}`,
    [refundId, outcome, at, failureMessage ?? null],
  );
  return rows[0] ? refundToDomain(rows[0]) : undefined;
}
