import { randomUUID } from 'node:crypto';
import { Cache, cacheKeys, createRedis, keyPrefix, type Redis } from '@omotenashi/cache';
import { createTestInfra, type TestInfra } from '@omotenashi/testkit';
import { RedisAvailabilityCache } from '../../src/data-access/availability.cache';
import { MAX_AGE_MS, SchedulingDataCache, schedulingWindow } from '../../src/data-access/scheduling-data.cache';
import type { catalogV1 } from '@omotenashi/proto';
import { serviceCalendar, type BusinessCalendar, type SchedulingData } from '../../src/domain/scheduling';

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

/** Loaders that record the windows they were asked for; the business knows services `svc` and `other`. */
function recordingLoader() {
  const calls: Array<[string, string]> = [];
  const serviceCalls: Array<[string, string]> = [];
  const load = {
    business: async (from: string, to: string) => {
      calls.push([from, to]);
      return calendar(calls.length);
    },
    service: async (from: string, to: string) => {
      serviceCalls.push([from, to]);
      return { call: `service ${serviceCalls.length}` } as unknown as SchedulingData;
    },
  };
  return { calls, serviceCalls, load };
}

const service = (id: string, staffIds: string[], resourceKinds: string[]) => ({ id, staffIds, resourceKinds }) as unknown as catalogV1.Service;

/** A whole-business answer whose business message names the call that produced it. */
function calendar(call: number): BusinessCalendar {
  return {
    business: { id: `call ${call}` } as unknown as catalogV1.Business,
    service: undefined,
    services: [service('svc', ['ann'], ['chair']), service('other', ['ann', 'ben'], [])],
    hours: undefined,
    closures: [],
    holidays: [],
    staff: [
      { id: 'ann', serviceIds: ['svc', 'other'] } as unknown as catalogV1.Staff,
      { id: 'ben', serviceIds: ['other'] } as unknown as catalogV1.Staff,
    ],
    resources: [
      { id: 'chair-1', kind: 'chair', isActive: true } as unknown as catalogV1.Resource,
      { id: 'sink-1', kind: 'sink', isActive: true } as unknown as catalogV1.Resource,
    ],
  };
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
  it('When questions of one business fall in one window, then the catalog is read once for the whole business and window, whatever the service', async () => {
    const cache = new SchedulingDataCache(redis, prefix);
    const { calls, serviceCalls, load } = recordingLoader();
    const business = randomUUID();
    const { from, to } = schedulingWindow('2026-12-01', '2026-12-01')!;

    const answers = await Promise.all([
      cache.read(business, 'svc', from, from, load),
      cache.read(business, 'svc', addDays(from, 3), addDays(from, 9), load),
      cache.read(business, 'other', addDays(from, 13), addDays(from, 13), load),
    ]);

    expect(calls).toEqual([[from, to]]);
    expect(serviceCalls).toEqual([]);
    expect(answers.map((a) => [a.service.id, a.business.id])).toEqual([['svc', 'call 1'], ['svc', 'call 1'], ['other', 'call 1']]);
    // Another business is another entry.
    await cache.read(randomUUID(), 'svc', from, from, load);
    expect(calls).toHaveLength(2);
  });

  it('When the business has no such service in the remembered answer (created since, or not its own), then the catalog is asked for that service directly', async () => {
    const cache = new SchedulingDataCache(redis, prefix);
    const { calls, serviceCalls, load } = recordingLoader();
    const business = randomUUID();

    const answer = await cache.read(business, 'brand-new', '2026-12-01', '2026-12-02', load);

    expect(answer).toEqual({ call: 'service 1' });
    expect(serviceCalls).toEqual([['2026-12-01', '2026-12-02']]);
    expect(calls).toHaveLength(1);
    expect(cache.size).toBe(1); // the business entry still serves its known services
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
    const { calls, serviceCalls, load } = recordingLoader();
    const { from } = schedulingWindow('2026-12-01', '2026-12-01')!;

    await cache.read(randomUUID(), 'svc', addDays(from, 13), addDays(from, 30), load);

    expect(serviceCalls).toEqual([[addDays(from, 13), addDays(from, 30)]]);
    expect(calls).toEqual([]);
    expect(cache.size).toBe(0);
  });

  it('When the catalog read fails, then the failure is not remembered and the next question tries again', async () => {
    const cache = new SchedulingDataCache(redis, prefix);
    const business = randomUUID();
    let attempts = 0;
    const flaky = {
      business: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('catalog unavailable');
        return calendar(attempts);
      },
      service: async () => ({}) as SchedulingData,
    };

    await expect(cache.read(business, 'svc', '2026-12-01', '2026-12-01', flaky)).rejects.toThrow('catalog unavailable');
    await expect(cache.read(business, 'svc', '2026-12-01', '2026-12-01', flaky)).resolves.toMatchObject({ business: { id: 'call 2' } });
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

describe('serviceCalendar', () => {
  it('When a service is cut from the whole business, then it gets the staff who perform it and the active resources of its kinds, as the catalog would answer', () => {
    const whole = calendar(1);
    whole.resources.push({ id: 'chair-2', kind: 'chair', isActive: false } as unknown as catalogV1.Resource);
    const svc = serviceCalendar(whole, 'svc')!;
    expect(svc.service.id).toBe('svc');
    expect(svc.staff.map((s) => s.id)).toEqual(['ann']);
    expect(svc.resources.map((r) => r.id)).toEqual(['chair-1']);
    expect(svc.services).toEqual([]);
    const other = serviceCalendar(whole, 'other')!;
    expect(other.staff.map((s) => s.id)).toEqual(['ann', 'ben']);
    expect(other.resources).toEqual([]);
    expect(serviceCalendar(whole, 'unknown')).toBeUndefined();
  });
});

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
