import { randomBytes } from 'node:crypto';
import { Cache, createRedis } from '@omotenashi/cache';
import { ConfigError } from '@omotenashi/config';
import { dataSourceFromConfig } from '@omotenashi/db';
import type { Logger } from '@omotenashi/logging';
import type { GatewayConfig } from '../../config';
import { AccessTokens } from '../../domain/identity/access-tokens';
import type { IdentityDeps } from '../../domain/identity/use-cases/identity-deps';
import { IDENTITY_SCHEMA } from '../migrate';
import { ApiKeysRepository } from './api-keys.repository';
import { IdentityCache } from './identity.cache';
import { MembershipsRepository } from './memberships.repository';
import { SessionsRepository } from './sessions.repository';
import { UsersRepository } from './users.repository';

export type IdentityConfig = Pick<
  GatewayConfig,
  | 'NODE_ENV'
  | 'DATABASE_URL'
  | 'DB_POOL_MIN'
  | 'DB_POOL_MAX'
  | 'DB_SLOW_QUERY_MS'
  | 'DB_PREPARED_STATEMENTS'
  | 'REDIS_URL'
  | 'REDIS_KEY_PREFIX'
  | 'JWT_SECRET'
  | 'ACCESS_TOKEN_TTL_SECONDS'
  | 'REFRESH_TOKEN_TTL_SECONDS'
  | 'PASSWORD_SCRYPT_LOG_N'
>;

export interface IdentityConnection {
  deps: IdentityDeps;
  close(): Promise<void>;
}

/** Opens the `identity` schema and the gateway's Redis namespace, and builds the identity use-case deps. */
export async function connectIdentity(config: IdentityConfig, logger: Logger): Promise<IdentityConnection> {
  const tokens = new AccessTokens(signingKey(config, logger), config.ACCESS_TOKEN_TTL_SECONDS);
  const dataSource = await dataSourceFromConfig(config, IDENTITY_SCHEMA, { logger }).initialize();
  const redis = createRedis(config.REDIS_URL, 'gateway-identity', { logger });
  const cache = new Cache({ redis, redisKeyPrefix: config.REDIS_KEY_PREFIX, service: 'gateway', logger });
  return {
    deps: {
      users: new UsersRepository(dataSource),
      memberships: new MembershipsRepository(dataSource),
      sessions: new SessionsRepository(dataSource),
      apiKeys: new ApiKeysRepository(dataSource),
      cache: new IdentityCache(cache),
      tokens,
      passwordCost: { logN: config.PASSWORD_SCRYPT_LOG_N, r: 8, p: 1 },
      refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
    },
    async close() {
      redis.disconnect();
      await dataSource.destroy();
    },
  };
}

/**
 * JWT_SECRET signs every access token. Staging and production must set it (all replicas share it);
 * elsewhere a random key per process is fine, at the price of tokens not surviving a restart.
 */
function signingKey(config: IdentityConfig, logger: Logger): Buffer {
  if (config.JWT_SECRET) return Buffer.from(config.JWT_SECRET);
  if (config.NODE_ENV === 'staging' || config.NODE_ENV === 'production') {
    throw new ConfigError([`JWT_SECRET: required in ${config.NODE_ENV}, at least 32 bytes (missing)`]);
  }
  logger.warn('JWT_SECRET is not set: signing access tokens with a random key that lasts until this process exits');
  return randomBytes(32);
}
