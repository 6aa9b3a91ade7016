import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';

export interface RefreshTokenRecord {
  hash: string;
  expiresAt: Date;
}

export type RotationResult =
  | { outcome: 'rotated'; sessionId: string; userId: string }
  /** An already-rotated token came back: the session (the whole token family) is now revoked. */
  | { outcome: 'reused'; sessionId: string; userId: string }
  | { outcome: 'invalid' };

export interface ActiveSession {
  userId: string;
  email: string;
}

interface PresentedTokenRow {
  id: string;
  session_id: string;
  user_id: string;
  expired: boolean;
  rotated_at: Date | null;
  revoked_at: Date | null;
}

export class SessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A new session (a sign-in) with its first refresh token. */
  async start(userId: string, refresh: RefreshTokenRecord): Promise<string> {
    const sessionId = randomUUID();
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO sessions (id, user_id) VALUES ($1, $2)`, [sessionId, userId]);
      await insertToken(manager, sessionId, refresh);
    });
    return sessionId;
  }

  /**
   * Swaps the presented refresh token for `next`. The token and its session are locked, so two
   * refreshes racing with one token cannot both succeed: the second one is a reuse.
   */
  async rotate(presentedHash: string, next: RefreshTokenRecord): Promise<RotationResult> {
    return this.dataSource.transaction(async (manager) => {
      const rows: PresentedTokenRow[] = await manager.query(
        `SELECT t.id, t.session_id, s.user_id, t.expires_at <= now() AS expired, t.rotated_at, s.revoked_at
           FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
          WHERE t.token_hash = $1
            FOR UPDATE OF t, s`,
        [presentedHash],
      );
      const token = rows[0];
      if (!token || token.revoked_at) return { outcome: 'invalid' } as const;
      const family = { sessionId: token.session_id, userId: token.user_id };
      if (token.rotated_at) {
        await revokeIn(manager, token.session_id, 'refresh_token_reuse');
        return { outcome: 'reused', ...family } as const;
      }
      if (token.expired) return { outcome: 'invalid' } as const;
      await manager.query(`UPDATE refresh_tokens SET rotated_at = now() WHERE id = $1`, [token.id]);
      await insertToken(manager, token.session_id, next);
      return { outcome: 'rotated', ...family } as const;
    });
  }

  async revoke(sessionId: string, reason: 'logout' | 'refresh_token_reuse'): Promise<void> {
    await revokeIn(this.dataSource.manager, sessionId, reason);
  }

  async findActive(sessionId: string): Promise<ActiveSession | undefined> {
    const rows: Array<{ user_id: string; email: string }> = await this.dataSource.query(
      `SELECT s.user_id, u.email FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1 AND s.revoked_at IS NULL`,
      [sessionId],
    );
    const row = rows[0];
    return row && { userId: row.user_id, email: row.email };
  }
}

async function insertToken(manager: EntityManager, sessionId: string, token: RefreshTokenRecord): Promise<void> {
  await manager.query(`INSERT INTO refresh_tokens (id, session_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)`, [
    randomUUID(),
    sessionId,
    token.hash,
    token.expiresAt,
  ]);
}

async function revokeIn(manager: EntityManager, sessionId: string, reason: string): Promise<void> {
  await manager.query(`UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`, [
    sessionId,
    reason,
  ]);
}
