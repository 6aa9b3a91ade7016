import type { Logger } from '@omotenashi/logging';
import Redis, { type RedisOptions } from 'ioredis';
import { throttledWarning } from './throttled-warning';

export { Redis };

export interface CreateRedisOptions {
  /** Receives connection errors, at most one line per `errorLogIntervalMs`. */
  logger?: Logger;
  errorLogIntervalMs?: number;
  /** Anything ioredis accepts, applied over the defaults below. */
  overrides?: RedisOptions;
}

/**
 * A Redis client for request-path work (cache, rate limits, locks). Redis is an accelerator here, so
 * a command must fail within `commandTimeout` when Redis is down or slow, letting callers fall back
 * instead of holding a request open. Not for BullMQ: its blocking connections need other settings.
 */
export function createRedis(url: string, name: string, options: CreateRedisOptions = {}): Redis {
  const redis = new Redis(url, {
    connectionName: name,
    connectTimeout: 2_000,
    commandTimeout: 500,
    maxRetriesPerRequest: 1,
    // Queue commands while (re)connecting so a fresh process does not fail its first requests.
    enableOfflineQueue: true,
    // Commands issued in the same tick (concurrent requests' cache reads, a read-through's GET and lock)
    // leave in one write: one syscall and one Redis read for many, instead of one each.
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 5_000) + Math.floor(Math.random() * 100),
    ...options.overrides,
  });
  const warn = throttledWarning(options.logger, options.errorLogIntervalMs);
  // Without a listener ioredis prints every failed reconnect to stderr.
  redis.on('error', (error: Error) => warn({ redis: name, err: error.message }, 'redis connection error'));
  return redis;
}
