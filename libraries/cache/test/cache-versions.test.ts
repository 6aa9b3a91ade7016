import { randomUUID } from 'node:crypto';
import { Cache, cacheKeys, createRedis, type Redis } from '@omotenashi/cache';
import { createTestInfra, eventually, type TestInfra } from '@omotenashi/testkit';
import { metricValue } from './metric-value';

let infra: TestInfra;
const clients: Redis[] = [];

function newCache(service: string): { cache: Cache; redis: Redis } {
  const redis = createRedis(infra.redisUrl, `cache-versions-${service}`);
  clients.push(redis);
  return { cache: new Cache({ redis, redisKeyPrefix: infra.redisKeyPrefix, service }), redis };
}

const id = () => randomUUID().slice(0, 8);
const DATES = ['2025-04-01', '2025-04-02', '2025-04-03'];

/** The versions an answer about `dates` of business `b` is read under: the business's, then each date's. */
const versionsOf = (b: string, dates: string[]) => [cacheKeys.availabilityVersion(b), ...dates.map((d) => cacheKeys.availabilityDateVersion(b, d))];

beforeAll(async () => {
  infra = await createTestInfra('cache-versions');
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit()));
  await infra.cleanup();
});

describe('Cache with several version keys per entry', () => {
  it('When any one of an entry\'s version keys is bumped, then that entry is forgotten while entries not under that key stay hits', async () => {
    const { cache } = newCache('multi');
    const labels = { service: 'multi', layer: 'availability' };
    const b = id();
    const threeDays = cacheKeys.availability(b, DATES[0]!, 'svc', 3);
    const firstDay = cacheKeys.availability(b, DATES[0]!, 'svc', 1);
    const lastDay = cacheKeys.availability(b, DATES[2]!, 'svc', 1);
    let generation = 1;
    const loader = jest.fn(async () => `generation ${generation}`);
    const read = () =>
      Promise.all([
        cache.getOrLoadVersioned(threeDays, versionsOf(b, DATES), loader),
        cache.getOrLoadVersioned(firstDay, versionsOf(b, [DATES[0]!]), loader),
        cache.getOrLoadVersioned(lastDay, versionsOf(b, [DATES[2]!]), loader),
      ]);

    expect(await read()).toEqual(['generation 1', 'generation 1', 'generation 1']);
    expect(loader).toHaveBeenCalledTimes(3);
    expect(await read()).toEqual(['generation 1', 'generation 1', 'generation 1']);
    expect(loader).toHaveBeenCalledTimes(3);

    // A date in the middle: only the answer covering it reloads.
    generation = 2;
    await cache.bumpVersions([cacheKeys.availabilityDateVersion(b, DATES[1]!)], 'availability');
    expect(await read()).toEqual(['generation 2', 'generation 1', 'generation 1']);
    expect(loader).toHaveBeenCalledTimes(4);

    // The last date: the three-day and the last-day answers reload, the first day stays.
    generation = 3;
    await cache.bumpVersions([cacheKeys.availabilityDateVersion(b, DATES[2]!), cacheKeys.availabilityDateVersion(b, '2025-04-04')], 'availability');
    expect(await read()).toEqual(['generation 3', 'generation 1', 'generation 3']);
    expect(loader).toHaveBeenCalledTimes(6);

    // The business: everything reloads.
    generation = 4;
    await cache.bumpVersion(cacheKeys.availabilityVersion(b), 'availability');
    expect(await read()).toEqual(['generation 4', 'generation 4', 'generation 4']);
    expect(loader).toHaveBeenCalledTimes(9);
    expect(await metricValue('cache_misses_total', labels)).toBe(9);
    expect(await metricValue('cache_hits_total', labels)).toBe(6);
  });

  it('When versions are bumped, then each bumped key goes up by one (once even if named twice) and none gets a TTL', async () => {
    const { cache, redis } = newCache('bump');
    const b = id();
    const keys = versionsOf(b, DATES);
    await cache.bumpVersions([keys[1]!, keys[2]!, keys[1]!]);
    await cache.bumpVersions([keys[2]!, keys[3]!]);
    await cache.bumpVersions([]);
    const raw = await redis.mget(...keys.map((k) => cache.prefix + k));
    expect(raw).toEqual([null, '1', '2', '1']);
    for (const key of keys.slice(1)) expect(await redis.ttl(cache.prefix + key)).toBe(-1);
    // The entry is read under its versions joined in key order (0 for one never bumped).
    const entry = cacheKeys.availability(b, DATES[0]!, 'svc', 3);
    await cache.getOrLoadVersioned(entry, keys, async () => 'answer');
    expect(await redis.get(`${cache.prefix}${entry.key}:v0.1.2.1`)).toBe(JSON.stringify('answer'));
  });

  it('When version keys are bumped with an idle TTL, then each bump sets it again, and a key that expired reads as 0 under a tuple no live answer has', async () => {
    const { cache, redis } = newCache('idle');
    const b = id();
    const [business, date] = versionsOf(b, DATES.slice(0, 1));
    const entry = cacheKeys.availability(b, DATES[0]!, 'svc', 1);
    await cache.bumpVersions([date!], 'availability', 3_600);
    expect(await redis.ttl(cache.prefix + date!)).toBeGreaterThan(3_500);
    await redis.expire(cache.prefix + date!, 100);
    await cache.bumpVersions([date!], 'availability', 3_600);
    expect(await redis.get(cache.prefix + date!)).toBe('2');
    expect(await redis.ttl(cache.prefix + date!)).toBeGreaterThan(3_500); // sliding: every bump renews it
    expect(await cache.getOrLoadVersioned(entry, [business!, date!], async () => 'under 0.2')).toBe('under 0.2');
    expect(await redis.get(`${cache.prefix}${entry.key}:v0.2`)).toBe(JSON.stringify('under 0.2'));

    // The key goes after a week without bumps; by then every answer read under it has expired (1 min).
    await redis.del(cache.prefix + date!, `${cache.prefix}${entry.key}:v0.2`);
    expect(await cache.getOrLoadVersioned(entry, [business!, date!], async () => 'fresh')).toBe('fresh');
    expect(await redis.get(`${cache.prefix}${entry.key}:v0.0`)).toBe(JSON.stringify('fresh'));
  });

  it('When a load is in flight while one of its date versions is bumped, then its older answer is never served again', async () => {
    const { cache } = newCache('race');
    const b = id();
    const entry = cacheKeys.availability(b, DATES[0]!, 'svc', 3);
    const keys = versionsOf(b, DATES);
    let release: (() => void) | undefined;
    const slowLoad = cache.getOrLoadVersioned(entry, keys, () => new Promise<string>((resolve) => (release = () => resolve('old'))));
    await eventually(async () => release !== undefined);

    await cache.bumpVersions([cacheKeys.availabilityDateVersion(b, DATES[2]!)]);
    // A caller after the bump must not join the flight that began before it.
    const fresh = cache.getOrLoadVersioned(entry, keys, async () => 'new');
    expect(await fresh).toBe('new');
    release!();

    expect(await slowLoad).toBe('old');
    // The slow load wrote back after the fresh one, under the versions it had read: nobody reads those again.
    expect(await cache.getOrLoadVersioned(entry, keys, async () => 'unexpected load')).toBe('new');
  });

  it('When bumps of different dates race with reads of a multi-day answer, then no read after the last bump sees an answer loaded before it', async () => {
    const { cache } = newCache('storm');
    const b = id();
    const entry = cacheKeys.availability(b, DATES[0]!, 'svc', 3);
    const keys = versionsOf(b, DATES);
    let state = 0;
    const loader = async () => {
      const seen = state;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return seen;
    };
    const bumps = DATES.flatMap((date) =>
      Array.from({ length: 10 }, async (_, i) => {
        await new Promise((resolve) => setTimeout(resolve, i * 3));
        state++;
        await cache.bumpVersions([cacheKeys.availabilityDateVersion(b, date)]);
      }),
    );
    const reads = Array.from({ length: 60 }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, i));
      return cache.getOrLoadVersioned(entry, keys, loader);
    });
    await Promise.all([...bumps, ...reads]);
    expect(state).toBe(30);
    expect(await cache.getOrLoadVersioned(entry, keys, loader)).toBe(30);
  });

  it('When an entry is given no version key, then that is refused with a clear error', async () => {
    const { cache } = newCache('none');
    await expect(cache.getOrLoadVersioned(cacheKeys.availability(id(), DATES[0]!, 'svc'), [], async () => 'x')).rejects.toThrow(/needs at least one version key/);
    expect(() => cacheKeys.availabilityDateVersion(id(), '2025-4-1')).toThrow(/invalid availability date/);
  });
});
