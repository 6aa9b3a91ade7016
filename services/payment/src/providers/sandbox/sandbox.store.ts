import type { EntityManager } from 'typeorm';
import { ProviderRequestError } from '../payment-provider';
import { newEventId } from './sandbox-ids';
import { fromDb, type IntentRow, type RefundRow } from './sandbox-objects';

/** SQL over the sandbox PSP's tables. Every function takes the manager of the caller's transaction. */

export interface NewIntent {
  id: string;
  clientSecret: string;
  idempotencyKey: string;
  amount: number;
  currency: string;
  captureMethod: 'automatic' | 'manual';
  description: string | null;
  metadata: Record<string, string>;
}

/** Inserts unless the idempotency key exists (a concurrent insert with the same key waits, then yields). */
export async function insertIntent(db: EntityManager, intent: NewIntent): Promise<IntentRow | undefined> {
  const rows = await db.query(
    `INSERT INTO sandbox_intents (id, client_secret, idempotency_key, amount, currency, capture_method, status, description, metadata)
     VALUES ($1, $2, $3, $4, $5, $6, 'requires_payment_method', $7, $8::jsonb)
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING *`,
    [intent.id, intent.clientSecret, intent.idempotencyKey, intent.amount, intent.currency, intent.captureMethod,
      intent.description, JSON.stringify(intent.metadata)],
  );
  return rows[0] ? fromDb<IntentRow>(rows[0]) : undefined;
}

export async function findIntentByKey(db: EntityManager, idempotencyKey: string): Promise<IntentRow | undefined> {
  const rows = await db.query('SELECT * FROM sandbox_intents WHERE idempotency_key = $1', [idempotencyKey]);
  return rows[0] ? fromDb<IntentRow>(rows[0]) : undefined;
}

/** Reads an intent; `forUpdate` locks it so state changes on one intent happen one at a time. */
export async function getIntent(db: EntityManager, id: string, forUpdate = false): Promise<IntentRow> {
  const rows = await db.query(`SELECT * FROM sandbox_intents WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows[0]) throw new ProviderRequestError(`No such payment_intent: '${id}'`, 'resource_missing');
  return fromDb<IntentRow>(rows[0]);
}

export type IntentChanges = Partial<Pick<IntentRow, 'status' | 'payment_method' | 'amount_capturable' | 'amount_received'
  | 'amount_refunded' | 'last_payment_error' | 'cancellation_reason' | 'capture_idempotency_key' | 'cancel_idempotency_key'>>;

const JSON_COLUMNS = new Set(['last_payment_error']);

export async function updateIntent(db: EntityManager, id: string, changes: IntentChanges & { canceled?: boolean }): Promise<IntentRow> {
  const { canceled, ...columns } = changes;
  const entries = Object.entries(columns);
  const assignments = entries.map(([column], i) => `${column} = $${i + 2}${JSON_COLUMNS.has(column) ? '::jsonb' : ''}`);
  if (canceled) assignments.push('canceled_at = now()');
  const values = entries.map(([column, value]) => (JSON_COLUMNS.has(column) && value !== null ? JSON.stringify(value) : value));
  const [rows] = await db.query(
    `UPDATE sandbox_intents SET ${[...assignments, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING *`,
    [id, ...values],
  );
  return fromDb<IntentRow>(rows[0]);
}

export async function findRefundByKey(db: EntityManager, idempotencyKey: string): Promise<RefundRow | undefined> {
  const rows = await db.query('SELECT * FROM sandbox_refunds WHERE idempotency_key = $1', [idempotencyKey]);
  return rows[0] ? fromDb<RefundRow>(rows[0]) : undefined;
}

export async function insertRefund(db: EntityManager, refund: Omit<RefundRow, 'created_at'>): Promise<RefundRow> {
  const rows = await db.query(
    `INSERT INTO sandbox_refunds (id, intent_id, idempotency_key, amount, currency, status, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [refund.id, refund.intent_id, refund.idempotency_key, refund.amount, refund.currency, refund.status, refund.reason],
  );
  return fromDb<RefundRow>(rows[0]);
}

/** Newest first, as Stripe lists a charge's refunds. */
export async function listRefunds(db: EntityManager, intentId: string): Promise<RefundRow[]> {
  const rows = await db.query('SELECT * FROM sandbox_refunds WHERE intent_id = $1 ORDER BY created_at DESC, id DESC', [intentId]);
  return rows.map((row: Record<string, unknown>) => fromDb<RefundRow>(row));
}

/** Queues a Stripe-shaped event for delivery; call it in the transaction of the change it reports. */
export async function enqueueEvent(db: EntityManager, type: string, intentId: string, object: object): Promise<string> {
  const id = newEventId();
  const [{ created }] = await db.query('SELECT extract(epoch FROM now())::bigint AS created');
  const body = JSON.stringify({ id, object: 'event', api_version: 'sandbox', created: Number(created), livemode: false, type, data: { object } });
  await db.query('INSERT INTO sandbox_webhook_deliveries (id, intent_id, event_type, body) VALUES ($1, $2, $3, $4)', [id, intentId, type, body]);
  return id;
}
