import type { ProviderWebhookEvent } from '../providers/payment-provider';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from './payment.repository';

export interface InboxEntry {
  id: string;
  provider: string;
  attempts: number;
  event: ProviderWebhookEvent;
}

/** Stores a verified webhook once per (provider, event id); false when it was already there (a redelivery). */
export async function storeWebhook(db: Db, provider: string, event: ProviderWebhookEvent, payload: Buffer): Promise<boolean> {
  const rows: unknown[] = await db.query(
    `INSERT INTO webhook_inbox (id, provider, event_id, event_type, provider_payment_id, event, payload)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (provider, event_id) DO NOTHING RETURNING 1`,
    [uuidv7(), provider, event.id, event.type, event.providerPaymentId ?? '', JSON.stringify(event), payload],
  );
  return rows.length > 0;
}

/** The next due entry, locked for this transaction; concurrent processors skip it and take another. */
export async function claimNextWebhook(db: Db): Promise<InboxEntry | undefined> {
  const rows: { id: string; provider: string; attempts: number; event: ProviderWebhookEvent & { occurredAt: string } }[] = await db.query(
    `SELECT id, provider, attempts, event FROM webhook_inbox
     WHERE processed_at IS NULL AND parked_at IS NULL AND next_attempt_at <= now()
     ORDER BY next_attempt_at, received_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
  );
  const row = rows[0];
  if (!row) return undefined;
  return { id: row.id, provider: row.provider, attempts: row.attempts, event: { ...row.event, occurredAt: new Date(row.event.occurredAt) } };
}

export async function markWebhookProcessed(db: Db, id: string): Promise<void> {
  await db.query(`UPDATE webhook_inbox SET processed_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1`, [id]);
}

/** A failed attempt: retried after `delayMs`, or parked for an operator once out of attempts. */
export async function markWebhookFailed(db: Db, id: string, error: string, delayMs: number, park: boolean): Promise<void> {
  await db.query(
    `UPDATE webhook_inbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + $3 * interval '1 millisecond',
       parked_at = CASE WHEN $4 THEN now() ELSE NULL END
     WHERE id = $1`,
    [id, error, delayMs, park],
  );
}

export async function inboxBacklog(db: Db): Promise<number> {
  const rows: { n: string }[] = await db.query(`SELECT count(*) AS n FROM webhook_inbox WHERE processed_at IS NULL AND parked_at IS NULL`);
  return Number(rows[0].n);
}
