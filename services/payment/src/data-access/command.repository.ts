import { v7 as uuidv7 } from 'uuid';
import { updateReturning, type Db } from './payment.repository';

export type CommandKind = 'capture' | 'cancel' | 'refund';

export interface StoredCommand {
  id: string;
  businessId: string;
  paymentId: string;
  refundId: string | null;
  kind: CommandKind;
  reason: string;
  idempotencyKey: string;
  attempts: number;
}

interface CommandRow {
  id: string;
  business_id: string;
  payment_id: string;
  refund_id: string | null;
  kind: string;
  reason: string;
  idempotency_key: string;
  attempts: number;
}

const toCommand = (row: CommandRow): StoredCommand => ({
  id: row.id,
  businessId: row.business_id,
  paymentId: row.payment_id,
  refundId: row.refund_id,
  kind: row.kind as CommandKind,
  reason: row.reason,
  idempotencyKey: row.idempotency_key,
  attempts: row.attempts,
});

export interface NewCommand {
  businessId: string;
  paymentId: string;
  refundId?: string;
  kind: CommandKind;
  reason?: string;
  idempotencyKey: string;
}

/** Records a command in the caller's transaction, once per idempotency key; returns its id when it is new. */
export async function insertCommand(db: Db, input: NewCommand): Promise<string | undefined> {
  const rows: { id: string }[] = await db.query(
    `INSERT INTO provider_commands (id, business_id, payment_id, refund_id, kind, reason, idempotency_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [uuidv7(), input.businessId, input.paymentId, input.refundId ?? null, input.kind, input.reason ?? '', input.idempotencyKey],
  );
  return rows[0]?.id;
}

/** Takes a pending command for one attempt (a lease, so a crashed worker's command comes back). */
export async function claimCommand(db: Db, commandId: string, leaseMs: number): Promise<StoredCommand | undefined> {
  const rows = await updateReturning<CommandRow>(
    db,
    `UPDATE provider_commands SET attempts = attempts + 1, locked_until = now() + $2 * interval '1 millisecond', updated_at = now()
     WHERE id = $1 AND status = 'pending' AND (locked_until IS NULL OR locked_until < now())
     RETURNING id, business_id, payment_id, refund_id, kind, reason, idempotency_key, attempts`,
    [commandId, leaseMs],
  );
  return rows[0] ? toCommand(rows[0]) : undefined;
}

export async function dueCommandIds(db: Db, limit: number): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
    `SELECT id FROM provider_commands WHERE status = 'pending' AND next_attempt_at <= now()
       AND (locked_until IS NULL OR locked_until < now())
     ORDER BY next_attempt_at LIMIT $1`,
    [limit],
  );
  return rows.map((row) => row.id);
}

export async function finishCommand(db: Db, commandId: string, status: 'done' | 'failed', error?: string): Promise<void> {
  await db.query(
    `UPDATE provider_commands SET status = $2, last_error = $3, locked_until = NULL, updated_at = now() WHERE id = $1`,
    [commandId, status, error ?? null],
  );
}

/** Gives the command back for a later attempt, or parks it (visible to operators) once it has had its attempts. */
export async function retryCommandLater(db: Db, commandId: string, error: string, delayMs: number, park: boolean): Promise<void> {
  await db.query(
    `UPDATE provider_commands SET status = CASE WHEN $4 THEN 'parked' ELSE status END, last_error = $2, locked_until = NULL,
       next_attempt_at = now() + $3 * interval '1 millisecond', updated_at = now()
     WHERE id = $1`,
    [commandId, error, delayMs, park],
  );
}
