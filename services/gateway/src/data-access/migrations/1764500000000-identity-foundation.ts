import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People, their memberships in businesses, their sessions (one row per sign-in; refresh tokens rotate
 * inside it) and businesses' API keys. Secrets are stored only as SHA-256 (tokens, keys) or scrypt
 * (passwords). `business_id` names a catalog business; there is no foreign key across schemas.
 */
export class IdentityFoundation1764500000000 implements MigrationInterface {
  name = 'IdentityFoundation1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
        password_hash text NOT NULL,
        display_name text NOT NULL,
        locale text NOT NULL DEFAULT 'ja' CHECK (locale IN ('ja', 'en')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One account per address, whatever its case.
    await db.query(`CREATE UNIQUE INDEX uq_users_email ON users (lower(email))`);

    await db.query(`
      CREATE TABLE memberships (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        business_id uuid NOT NULL,
        role text NOT NULL CHECK (role IN ('owner', 'manager', 'staff')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, business_id)
      )`);
    await db.query(`CREATE INDEX idx_memberships_business ON memberships (business_id, role)`);

    await db.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoked_reason text CHECK (revoked_reason IN ('logout', 'refresh_token_reuse'))
      )`);
    await db.query(`CREATE INDEX idx_sessions_user ON sessions (user_id) WHERE revoked_at IS NULL`);

    // The refresh tokens of one session form its family: only the newest (rotated_at IS NULL) is usable;
    // presenting an older one means it was copied, and the whole session is revoked.
    await db.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        rotated_at timestamptz
      )`);
    await db.query(`CREATE INDEX idx_refresh_tokens_session ON refresh_tokens (session_id)`);
    await db.query(`CREATE INDEX idx_refresh_tokens_expires ON refresh_tokens (expires_at)`);

    await db.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        business_id uuid NOT NULL,
        name text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        key_prefix text NOT NULL,
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await db.query(`CREATE INDEX idx_api_keys_business ON api_keys (business_id, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE IF EXISTS api_keys');
    await db.query('DROP TABLE IF EXISTS refresh_tokens');
    await db.query('DROP TABLE IF EXISTS sessions');
    await db.query('DROP TABLE IF EXISTS memberships');
    await db.query('DROP TABLE IF EXISTS users');
  }
}
