import { randomUUID } from 'node:crypto';
import { Cache, cacheKeyPrefixes, cacheKeys, createRedis, type Redis } from '@omotenashi/cache';
import { createTestInfra, eventually, type TestInfra } from '@omotenashi/testkit';
import { metricValue } from './metric-value';

let infra: TestInfra;
const clients: Redis[] = [];

function newCache(service: string, redisKeyPrefix = infra.redisKeyPrefix): Cache {
  const redis = createRedis(infra.redisUrl, `cache-test-${service}`);
  clients.push(redis);
  return new Cache({ redis, redisKeyPrefix, service });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const id = () => randomUUID().slice(0, 8);

beforeAll(async () => {
  infra = await createTestInfra('cache');
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit()));
  await infra.cleanup();
});

describe('Cache', () => {
  it('When a key is read twice, then the loader runs once and the second read is a hit', async () => {
    const cache = newCache('hits');
    const labels = { service: 'hits', layer: 'business' };
    const loader = jest.fn(async () => ({ name: 'Sakura Salon' }));
    const entry = cacheKeys.business(id());

    expect(await cache.getOrLoad(entry, loader)).toEqual({ name: 'Sakura Salon' });
    expect(await cache.getOrLoad(entry, loader)).toEqual({ name: 'Sakura Salon' });

    expect(loader).toHaveBeenCalledTimes(1);
    expect(await metricValue('cache_misses_total', labels)).toBe(1);
    expect(await metricValue('cache_hits_total', labels)).toBe(1);
  });

  it('When 100 callers miss one cold key at once, then the loader runs once', async () => {
    const cache = newCache('flight');
    const loader = jest.fn(async () => {
      await sleep(50);
      return ['slot-09:00', 'slot-10:00'];
    });
    const entry = cacheKeys.availability(id(), '2025-04-01', 'svc1');

    const results = await Promise.all(Array.from({ length: 100 }, () => cache.getOrLoad(entry, loader)));

    expect(loader).toHaveBeenCalledTimes(1);
    expect(new Set(results.map((r) => JSON.stringify(r)))).toEqual(new Set([JSON.stringify(['slot-09:00', 'slot-10:00'])]));
  });

  it('When two processes miss the same key at once, then only one of them loads it', async () => {
    const replicaA = newCache('stampede');
    const replicaB = newCache('stampede');
    let loads = 0;
    const loader = async () => {
      loads++;
      await sleep(200);
      return { hours: '10:00-19:00' };
    };
    const entry = cacheKeys.businessHours(id());

    const [a, b] = await Promise.all([replicaA.getOrLoad(entry, loader), replicaB.getOrLoad(entry, loader)]);

    expect(loads).toBe(1);
    expect(a).toEqual(b);
  });

  it('When a value is stored, then it expires after its layer TTL', async () => {
    const cache = newCache('ttl');
    const raw = clients[clients.length - 1]!;
    const entries = [
      cacheKeys.business(id()),
      cacheKeys.availability(id(), '2025-04-01', 'svc1'),
      cacheKeys.service(id()),
      cacheKeys.analytics(id(), '2025-04-01'),
      cacheKeys.session(id(), 1234),
    ];
    for (const entry of entries) {
      await cache.getOrLoad(entry, async () => 'value');
      const pttl = await raw.pttl(`${cache.prefix}${entry.key}`);
      expect(pttl).toBeGreaterThan(entry.ttlSeconds * 1000 - 5_000);
      expect(pttl).toBeLessThanOrEqual(entry.ttlSeconds * 1000);
    }
    expect(entries.map((e) => e.ttlSeconds)).toEqual([300, 60, 600, 900, 1234]);
  });

  it('When the loader finds nothing, then nothing is cached and the next read asks again', async () => {
    const cache = newCache('absent');
    const loader = jest.fn(async () => undefined);
    const nullLoader = jest.fn(async () => null);
    const entry = cacheKeys.service(id());

    await cache.getOrLoad(entry, loader);
    await cache.getOrLoad(entry, loader);
    await cache.getOrLoad(cacheKeys.service(id()), nullLoader);
    await cache.getOrLoad(cacheKeys.service(id()), nullLoader);

    expect(loader).toHaveBeenCalledTimes(2);
    expect(nullLoader).toHaveBeenCalledTimes(2);
    expect(await cache.get(entry)).toBeUndefined();
  });

  it('When a key is deleted, then the next read loads fresh data', async () => {
    const cache = newCache('delete');
    const entry = cacheKeys.businessSettings(id());
    let version = 1;
    const loader = async () => ({ version });

    await cache.getOrLoad(entry, loader);
    version = 2;
    expect(await cache.getOrLoad(entry, loader)).toEqual({ version: 1 });
    expect(await cache.delete(entry)).toBe(1);

    expect(await cache.getOrLoad(entry, loader)).toEqual({ version: 2 });
  });

  it('When a business availability is invalidated by prefix, then its keys go and other businesses keep theirs', async () => {
    const cache = newCache('prefix');
    const [b1, b2] = [id(), id()];
    const keys = [
      cacheKeys.availability(b1, '2025-04-01', 'svc1'),
      cacheKeys.availability(b1, '2025-04-02', 'svc1', 'staff9'),
      cacheKeys.availability(b2, '2025-04-01', 'svc1'),
    ];
    for (const entry of keys) await cache.set(entry, ['slot']);

    expect(await cache.deleteByPrefix(cacheKeyPrefixes.businessAvailability(b1), 'availability')).toBe(2);

    expect(await cache.get(keys[0]!)).toBeUndefined();
    expect(await cache.get(keys[1]!)).toBeUndefined();
    expect(await cache.get(keys[2]!)).toEqual(['slot']);
  });

  it('When a load is in flight while its key is invalidated, then the older value is not written back', async () => {
    const cache = newCache('race');
    const entry = cacheKeys.businessHours(id());
    let release: (() => void) | undefined;
    const slowLoad = cache.getOrLoad(entry, () => new Promise<string>((resolve) => (release = () => resolve('old'))));
    await eventually(async () => release !== undefined);

    await cache.delete(entry);
    release!();

    expect(await slowLoad).toBe('old');
    expect(await cache.get(entry)).toBeUndefined();
  });

  it('When a version key is bumped, then every answer under it is forgotten in one INCR and the old entries just expire', async () => {
    const cache = newCache('versioned');
    const labels = { service: 'versioned', layer: 'availability' };
    const [b1, b2] = [id(), id()];
    const [mine, other] = [cacheKeys.availability(b1, '2025-04-01', 'svc1'), cacheKeys.availability(b2, '2025-04-01', 'svc1')];
    let generation = 1;
    const loader = jest.fn(async () => [`slots of generation ${generation}`]);

    expect(await cache.getOrLoadVersioned(mine, cacheKeys.availabilityVersion(b1), loader)).toEqual(['slots of generation 1']);
    expect(await cache.getOrLoadVersioned(other, cacheKeys.availabilityVersion(b2), loader)).toEqual(['slots of generation 1']);
    expect(await cache.getOrLoadVersioned(mine, cacheKeys.availabilityVersion(b1), loader)).toEqual(['slots of generation 1']);
    expect(loader).toHaveBeenCalledTimes(2);
    const raw = clients[clients.length - 1]!;
    expect(await raw.ttl(`${cache.prefix}${mine.key}:v0`)).toBeGreaterThan(0);

    generation = 2;
    await cache.bumpVersion(cacheKeys.availabilityVersion(b1), 'availability');

    expect(await cache.getOrLoadVersioned(mine, cacheKeys.availabilityVersion(b1), loader)).toEqual(['slots of generation 2']);
    expect(await cache.getOrLoadVersioned(other, cacheKeys.availabilityVersion(b2), loader)).toEqual(['slots of generation 1']);
    expect(loader).toHaveBeenCalledTimes(3);
    // Nothing was deleted: the old answer sits under v0 until its TTL, and nobody reads v0 any more.
    expect(await raw.get(`${cache.prefix}${mine.key}:v0`)).toBe(JSON.stringify(['slots of generation 1']));
    expect(await raw.get(`${cache.prefix}${cacheKeys.availabilityVersion(b1)}`)).toBe('1');
    expect(await raw.ttl(`${cache.prefix}${cacheKeys.availabilityVersion(b1)}`)).toBe(-1);
    expect(await metricValue('cache_misses_total', labels)).toBe(3);
    expect(await metricValue('cache_hits_total', labels)).toBe(2);
  });

  it('When a versioned load is in flight while the version is bumped, then its older answer is never served again', async () => {
    const cache = newCache('versioned-race');
    const b = id();
    const entry = cacheKeys.availability(b, '2025-04-01', 'svc1');
    let release: (() => void) | undefined;
    const slowLoad = cache.getOrLoadVersioned(entry, cacheKeys.availabilityVersion(b), () => new Promise<string>((resolve) => (release = () => resolve('old'))));
    await eventually(async () => release !== undefined);

    await cache.bumpVersion(cacheKeys.availabilityVersion(b));
    // A caller after the bump must not join the flight that began before it.
    const fresh = cache.getOrLoadVersioned(entry, cacheKeys.availabilityVersion(b), async () => 'new');
    release!();

    expect(await slowLoad).toBe('old');
    expect(await fresh).toBe('new');
    expect(await cache.getOrLoadVersioned(entry, cacheKeys.availabilityVersion(b), async () => 'unexpected load')).toBe('new');
  });

  it('When 100 callers miss one versioned key at once, then the loader runs once', async () => {
    const cache = newCache('versioned-flight');
    const b = id();
    const loader = jest.fn(async () => {
      await sleep(50);
      return ['slot-09:00'];
    });
    const entry = cacheKeys.availability(b, '2025-04-01', 'svc1');
    const results = await Promise.all(Array.from({ length: 100 }, () => cache.getOrLoadVersioned(entry, cacheKeys.availabilityVersion(b), loader)));
    expect(loader).toHaveBeenCalledTimes(1);
    expect(results.every((r) => r[0] === 'slot-09:00')).toBe(true);
  });

  it('When two services use the same key, then each sees only its own value', async () => {
    const catalog = newCache('catalog');
    const booking = newCache('booking');
    const entry = cacheKeys.business(id());

    await catalog.set(entry, 'from catalog');
    await booking.set(entry, 'from booking');

    expect(await catalog.get(entry)).toBe('from catalog');
    expect(await booking.get(entry)).toBe('from booking');
    expect(catalog.prefix).toBe(`${infra.redisKeyPrefix}:catalog:`);
    const raw = clients[0]!;
    expect(await raw.get(`${infra.redisKeyPrefix}:catalog:${entry.key}`)).toBe('"from catalog"');
  });
});
