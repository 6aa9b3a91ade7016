import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { ApiKey } from '../../domain/identity/identity';
import { API_KEY_COLUMNS, toApiKey, type ApiKeyRow } from './identity.rows';

export interface NewApiKey {
  businessId: string;
  name: string;
  keyHash: string;
  prefix: string;
  createdBy: string;
}

export class ApiKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(input: NewApiKey): Promise<ApiKey> {
    const rows: ApiKeyRow[] = await this.dataSource.query(
      `INSERT INTO api_keys (id, business_id, name, key_hash, key_prefix, created_by) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING ${API_KEY_COLUMNS}`,
      [randomUUID(), input.businessId, input.name, input.keyHash, input.prefix, input.createdBy],
    );
    return toApiKey(rows[0] as ApiKeyRow);
  }

  async findActiveByHash(keyHash: string): Promise<{ id: string; businessId: string } | undefined> {
    const rows: Array<{ id: string; business_id: string }> = await this.dataSource.query(
      `SELECT id, business_id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [keyHash],
    );
    const row = rows[0];
    return row && { id: row.id, businessId: row.business_id };
  }

  async list(businessId: string): Promise<ApiKey[]> {
    const rows: ApiKeyRow[] = await this.dataSource.query(
      `SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE business_id = $1 ORDER BY created_at, id`,
      [businessId],
    );
    return rows.map(toApiKey);
  }

  /** Revokes the key (once; revoking again changes nothing) and returns its hash for the cache to forget. */
  async revoke(businessId: string, keyId: string): Promise<string | undefined> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows]: [Array<{ key_hash: string }>, number] = await this.dataSource.query(
      `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE business_id = $1 AND id = $2 RETURNING key_hash`,
      [businessId, keyId],
    );
    return rows[0]?.key_hash;
  }

  /** At most one write a minute per key: "last used" is for people, not an audit log. */
  async touch(keyId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [keyId],
    );
  }
}
