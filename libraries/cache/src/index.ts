export { AVAILABILITY_DATE_VERSION_IDLE_TTL_SECONDS, CACHE_TTL_SECONDS, cacheKeys, cacheKeyPrefixes, type CacheEntry, type CacheLayer } from './cache-keys';
export { Cache, type CacheOptions, type CacheWriteOptions } from './cache';
export type { LoadLockOptions } from './load-lock';
export { keyPrefix } from './key-prefix';
export { createRedis, Redis, type CreateRedisOptions } from './redis-client';
export { throttledWarning, type Warn } from './throttled-warning';
