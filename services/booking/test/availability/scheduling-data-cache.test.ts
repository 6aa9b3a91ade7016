import { randomUUID } from 'node:crypto';
import { Cache, cacheKeys, createRedis, keyPrefix, type Redis } from '@omotenashi/cache';
import { createTestInfra, type TestInfra } from '@omotenashi/testkit';
import { RedisAvailabilityCache } from '../../src/data-access/availability.cache';
import { MAX_AGE_MS, SchedulingDataCache, schedulingWindow } from '../../src/data-access/scheduling-data.cache';
import type { SchedulingData } from '../../src/domain/scheduling';

let infra: TestInfra;
let redis: Redis;
let prefix: string;

beforeAll(async () => {
  infra = await createTestInfra('sched-cache');
  redis = createRedis(infra.redisUrl, 'scheduling-cache-test');
  prefix = keyPrefix(infra.redisKeyPrefix, 'booking');
});

afterAll(async () => {
  await redis.quit();
  await infra.cleanup();
});

/** A loader that records the windows it was asked for; its "data" names the call. */
function recordingLoader() {
  const calls: Array<[string, string]> = [];
  const load = async (from: string, to: string) => {
    calls.push([from, to]);
    return { call: calls.length } as unknown as SchedulingData;
  };
  return { calls, load };
}

describe('schedulingWindow', () => {
  it('When a question falls inside one 28-day window from a 14-day boundary, then that window; when it runs past, then none', () => {
    const window = schedulingWindow('2026-12-01', '2026-12-01');
    expect(window).toBeDefined();
    const { from, to } = window!;
    // 14-day blocks counted from the epoch: the window starts on or before the date, less than 14 days before.
    const gapDays = (Date.parse('2026-12-01') - Date.parse(from)) / 86_400_000;
    expect(gapDays).toBeGreaterThanOrEqual(0);
    expect(gapDays).toBeLessThan(14);
    expect((Date.parse(to) - Date.parse(from)) / 86_400_000).toBe(27);
    // Every first date of a block shares the window; a 14-day question always fits.
    expect(schedulingWindow(from, from)).toEqual({ from, to });
    expect(schedulingWindow(addDays(from, 13), addDays(from, 26))).toEqual({ from, to });
    expect(schedulingWindow(addDays(from, 13), addDays(from, 28))).toBeUndefined();
    expect(schedulingWindow('not a date', '2026-12-01')).toBeUndefined();
  });
});

describe('SchedulingDataCache', () => {
  it('When questions of one business and service fall in one window, then the catalog is read once for the whole window', async () => {
    const cache = new SchedulingDataCache(redis, prefix);
    const { calls, load } = recordingLoader();
    const business = randomUUID();
    const { from, to } = schedulingWindow('2026-12-01', '2026-12-01')!;

    const answers = await Promise.all([
      cache.read(business, 'svc', from, from, load),
      cache.read(business, 'svc', addDays(from, 3), addDays(from, 9), load),
      cache.read(business, 'svc', addDays(from, 13), addDays(from, 13), load),
    ]);

    expect(calls).toEqual([[from, to]]);
    expect(new Set(answers).size).toBe(1);
    // Another service is another entry.
    await cache.read(business, 'other', from, from, load);
    expect(calls).toHaveLength(2);
  });

  it('When the business’s availability version moves (a catalog change), then the next question reads the catalog again', async () => {
    const availability = new RedisAvailabilityCache(new Cache({ redis, redisKeyPrefix: infra.redisKeyPrefix, service: 'booking' }));
    const cache = new SchedulingDataCache(redis, prefix);
    const { calls, load } = recordingLoader();
    const business = randomUUID();

    await cache.read(business, 'svc', '2026-12-01', '2026-12-01', load);
    await cache.read(business, 'svc', '2026-12-01', '2026-12-01', load);
    expect(calls).toHaveLength(1);

    await availability.forgetBusiness(business);
    expect(await redis.get(prefix + cacheKeys.availabilityVersion(business))).toBe('1');
    await cache.read(business, 'svc', '2026-12-01', '2026-12-01', load);
    expect(calls).toHaveLength(2);
  });

  it('When a question spans two windows, then it is read from the catalog as asked, and nothing is kept', async () => {
    const cache = new SchedulingDataCache(redis, prefix);
    const { calls, load } = recordingLoader();
    const { from } = schedulingWindow('2026-12-01', '2026-12-01')!;

    await cache.read(randomUUID(), 'svc', addDays(from, 13), addDays(from, 30), load);

    expect(calls).toEqual([[addDays(from, 13), addDays(from, 30)]]);
    expect(cache.size).toBe(0);
  });

  it('When the catalog read fails, then the failure is not remembered and the next question tries again', async () => {
    const cache = new SchedulingDataCache(redis, prefix);
    const business = randomUUID();
    let attempts = 0;
    const flaky = async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('catalog unavailable');
      return {} as SchedulingData;
    };

    await expect(cache.read(business, 'svc', '2026-12-01', '2026-12-01', flaky)).rejects.toThrow('catalog unavailable');
    await expect(cache.read(business, 'svc', '2026-12-01', '2026-12-01', flaky)).resolves.toEqual({});
    expect(attempts).toBe(2);
  });

  it('When entries are older than the age bound, then the catalog is read again even without a version change', async () => {
    let now = 1_000_000;
    const cache = new SchedulingDataCache(redis, prefix, () => now);
    const { calls, load } = recordingLoader();
    const business = randomUUID();

    await cache.read(business, 'svc', '2026-12-01', '2026-12-01', load);
    now += MAX_AGE_MS - 1_000;
    await cache.read(business, 'svc', '2026-12-01', '2026-12-01', load);
    expect(calls).toHaveLength(1);
    now += 2_000;
    await cache.read(business, 'svc', '2026-12-01', '2026-12-01', load);
    expect(calls).toHaveLength(2);
  });
});

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
