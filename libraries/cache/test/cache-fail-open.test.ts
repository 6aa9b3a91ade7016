import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { Cache, cacheKeys, createRedis, type Redis } from '@omotenashi/cache';
import { createLogger } from '@omotenashi/logging';
import { metricValue } from './metric-value';

/** A port nothing listens on: bound once by us, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('Cache when Redis is unreachable', () => {
  let redis: Redis;
  const lines: string[] = [];
  const logger = createLogger('cache-test', {
    level: 'warn',
    destination: new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }),
  });

  beforeAll(async () => {
    // A short disconnect timeout: ioredis otherwise keeps a 2 s timer for the refused socket after disconnect().
    redis = createRedis(`redis://127.0.0.1:${await closedPort()}`, 'cache-test-down', { overrides: { disconnectTimeout: 10 } });
  });

  afterAll(() => redis.disconnect());

  it(
    'When Redis is down, then getOrLoad serves the loader value, counts the error and warns once',
    async () => {
      // No run prefix is needed: nothing can be written to a Redis that is not there.
      const cache = new Cache({ redis, redisKeyPrefix: '', service: 'down', logger });
      const labels = { service: 'down', layer: 'business' };

      expect(await cache.getOrLoad(cacheKeys.business('b1'), async () => 'from database')).toBe('from database');
      expect(await cache.getOrLoad(cacheKeys.business('b1'), async () => 'again from database')).toBe('again from database');
      await expect(cache.delete(cacheKeys.business('b1'))).resolves.toBe(0);
      await expect(cache.set(cacheKeys.business('b1'), 'x')).resolves.toBeUndefined();

      expect(await metricValue('cache_errors_total', labels)).toBeGreaterThanOrEqual(2);
      expect(await metricValue('cache_misses_total', labels)).toBe(2);
      expect(lines.filter((line) => line.includes('cache unavailable'))).toHaveLength(1);
    },
    // The fail-fast budget: commands give up within the client's 500 ms command timeout.
    5_000,
  );

  it(
    'When Redis is down, then versioned reads serve the loader value and a version bump resolves without throwing',
    async () => {
      const cache = new Cache({ redis, redisKeyPrefix: '', service: 'down-versioned', logger });
      const entry = cacheKeys.availability('b1', '2025-04-01', 'svc1');
      expect(await cache.getOrLoadVersioned(entry, cacheKeys.availabilityVersion('b1'), async () => 'from database')).toBe('from database');
      await expect(cache.bumpVersion(cacheKeys.availabilityVersion('b1'), 'availability')).resolves.toBeUndefined();
      expect(await metricValue('cache_errors_total', { service: 'down-versioned', layer: 'availability' })).toBe(2);
      expect(await metricValue('cache_misses_total', { service: 'down-versioned', layer: 'availability' })).toBe(1);
    },
    5_000,
  );

  it(
    'When Redis is down, then reads under several versions serve the loader value and bumping several versions resolves without throwing',
    async () => {
      const cache = new Cache({ redis, redisKeyPrefix: '', service: 'down-versions', logger });
      const entry = cacheKeys.availability('b1', '2025-04-01', 'svc1', 2);
      const versions = [cacheKeys.availabilityVersion('b1'), cacheKeys.availabilityDateVersion('b1', '2025-04-01'), cacheKeys.availabilityDateVersion('b1', '2025-04-02')];
      expect(await cache.getOrLoadVersioned(entry, versions, async () => 'from database')).toBe('from database');
      await expect(cache.bumpVersions(versions.slice(1), 'availability')).resolves.toBeUndefined();
      expect(await metricValue('cache_errors_total', { service: 'down-versions', layer: 'availability' })).toBe(2);
      expect(await metricValue('cache_misses_total', { service: 'down-versions', layer: 'availability' })).toBe(1);
    },
    5_000,
  );
});
