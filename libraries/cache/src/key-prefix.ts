/**
 * Where a service's Redis keys live: `${REDIS_KEY_PREFIX}:${service}:`, or `${service}:` when no run
 * prefix is set. Cache entries, locks and BullMQ queues all derive their keys from it, so a test run
 * (or a shared Redis) never reads another's data and `createTestInfra().cleanup()` finds everything.
 */
export function keyPrefix(redisKeyPrefix: string, service: string): string {
  if (!/^[a-z0-9_-]+$/.test(service)) throw new Error(`invalid service namespace: ${JSON.stringify(service)}`);
  if (!/^[a-z0-9_-]*$/.test(redisKeyPrefix)) throw new Error(`invalid REDIS_KEY_PREFIX: ${JSON.stringify(redisKeyPrefix)}`);
  return redisKeyPrefix ? `${redisKeyPrefix}:${service}:` : `${service}:`;
}
