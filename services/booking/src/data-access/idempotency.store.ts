import type { DataSource, EntityManager } from 'typeorm';

/** What a request produced: replayed as is to a retry with the same key. */
export type StoredOutcome =
  | { ok: true; value: unknown }
  | { ok: false; error: { code: string; kind: string; message: string; fields?: unknown } };

export type Claim =
  | { kind: 'new' }
  | { kind: 'replay'; outcome: StoredOutcome }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' };

export interface IdempotencyPolicy {
  /** How long a key is remembered (24 h by default, per Stripe and the IETF draft). */
  ttlSeconds: number;
  /** After this, an unfinished claim (its process died) may be taken over: nothing of it committed. */
  lockSeconds: number;
}

/** Idempotency keys in the booking schema, so a key is completed in the same transaction as its booking. */
export class IdempotencyStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: IdempotencyPolicy,
  ) {}

  async claim(scope: string, key: string, requestHash: string): Promise<Claim> {
    // A key seen for the first time (nearly always) is claimed in one statement, no transaction around
    // it; only a key that exists already — replay, mismatch, in progress or expired — takes the full path.
    if (await this.insertClaim(this.dataSource.manager, scope, key, requestHash)) return { kind: 'new' };
    return this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND expires_at < now()', [scope, key]);
      if (await this.insertClaim(manager, scope, key, requestHash)) return { kind: 'new' };
      const [row]: { request_hash: string; state: string; outcome: StoredOutcome | null; stale: boolean }[] = await manager.query(
        `SELECT request_hash, state, outcome, locked_until < now() AS stale FROM idempotency_keys
         WHERE scope = $1 AND key = $2 FOR UPDATE`,
        [scope, key],
      );
      if (!row) return { kind: 'in_progress' }; // deleted between our statements: the caller may retry
      if (row.request_hash !== requestHash) return { kind: 'mismatch' };
      if (row.state === 'done' && row.outcome) return { kind: 'replay', outcome: row.outcome };
      if (!row.stale) return { kind: 'in_progress' };
      await manager.query(
        `UPDATE idempotency_keys SET locked_until = now() + make_interval(secs => $3) WHERE scope = $1 AND key = $2`,
        [scope, key, this.policy.lockSeconds],
      );
      return { kind: 'new' };
    });
  }

  private async insertClaim(manager: EntityManager, scope: string, key: string, requestHash: string): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, state, locked_until, expires_at)
       VALUES ($1, $2, $3, 'in_progress', now() + make_interval(secs => $4), now() + make_interval(secs => $5))
       ON CONFLICT (scope, key) DO NOTHING RETURNING 1`,
      [scope, key, requestHash, this.policy.lockSeconds, this.policy.ttlSeconds],
    );
    return inserted.length > 0;
  }

  /** Records the outcome; pass the booking transaction's manager so both commit together. */
  async complete(scope: string, key: string, outcome: StoredOutcome, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`UPDATE idempotency_keys SET state = 'done', outcome = $3 WHERE scope = $1 AND key = $2`, [
      scope,
      key,
      JSON.stringify(outcome),
    ]);
  }

  /** Forgets a claim whose request failed in a way a retry may fix (invalid input, outage). */
  async release(scope: string, key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND state = 'in_progress'`, [scope, key]);
  }

  async pruneExpired(limit = 10_000): Promise<number> {
    // For DELETE, TypeORM's postgres driver answers [rows, rowCount].
    const [, deleted]: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys WHERE expires_at < now() LIMIT $1)`,
      [limit],
    );
    return deleted;
  }
}
