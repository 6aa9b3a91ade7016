import { createLogger } from '@omotenashi/logging';
import { GrpcClient } from '@omotenashi/grpc';
import { metricValue } from '@omotenashi/metrics';
import { catalogV1 } from '@omotenashi/proto';
import { createTestInfra, type TestInfra } from '@omotenashi/testkit';
import Redis from 'ioredis';
import { migrateCatalog, startCatalogServer, type RunningCatalogServer } from '../src/app';
import { loadCatalogConfig } from '../src/config';

const newBusiness = (slug: string): catalogV1.CreateBusinessRequest => ({
  slug,
  displayNameJa: '湯けむり旅館',
  displayNameEn: 'Yukemuri Ryokan',
  category: 'lodging',
  timezone: 'Asia/Tokyo',
  currency: 'JPY',
  ownerUserId: '',
  policy: { minNoticeMinutes: 0, requiresApproval: true },
});

describe('Catalog over gRPC', () => {
  let infra: TestInfra;
  let server: RunningCatalogServer;
  let catalog: GrpcClient<catalogV1.CatalogServiceClient>;
  let redis: Redis;

  beforeAll(async () => {
    infra = await createTestInfra('catalog');
    const config = loadCatalogConfig({ ...infra.env, GRPC_PORT: '0' });
    await migrateCatalog(config);
    server = await startCatalogServer(config, createLogger('catalog-test', { level: 'silent' }));
    catalog = new GrpcClient(catalogV1.CatalogServiceClient, `127.0.0.1:${server.port}`, { downstream: 'catalog', deadlineMs: 5_000 });
    redis = new Redis(infra.redisUrl);
  });

  afterAll(async () => {
    catalog?.close();
    redis?.disconnect();
    await server?.stop();
    await infra?.cleanup();
  });

  it('When a business is created without a policy, then defaults apply and explicit zeroes are kept', async () => {
    const { business } = await catalog.call('createBusiness', newBusiness('yukemuri'));
    expect(business).toMatchObject({ slug: 'yukemuri', timezone: 'Asia/Tokyo', currency: 'JPY' });
    expect(business?.policy).toMatchObject({ minNoticeMinutes: 0, requiresApproval: true, slotIntervalMinutes: 30, bookingHorizonDays: 90 });
  });

  it('When a business is read twice, then the second read is served from Redis with the 5-minute TTL', async () => {
    const { business } = await catalog.call('createBusiness', newBusiness('cached-inn'));
    const labels = { service: 'catalog', layer: 'business' };
    const hitsBefore = await metricValue('cache_hits_total', labels);
    const first = await catalog.call('getBusiness', { businessId: business!.id });
    const second = await catalog.call('getBusiness', { businessId: business!.id });
    expect(second).toEqual(first);
    // Both of the business's keys (profile and settings) answered from Redis.
    expect(await metricValue('cache_hits_total', labels)).toBe(hitsBefore + 2);
    const ttl = await redis.ttl(`${infra.redisKeyPrefix}:catalog:business:${business!.id}`);
    expect(ttl).toBeGreaterThan(290);
    expect(ttl).toBeLessThanOrEqual(300);
  });

  it('When a slug is taken, then the second business is refused with CATALOG.SLUG_TAKEN', async () => {
    await catalog.call('createBusiness', newBusiness('one-of-a-kind'));
    await expect(catalog.call('createBusiness', newBusiness('one-of-a-kind'))).rejects.toMatchObject({
      code: 'CATALOG.SLUG_TAKEN',
      kind: 'conflict',
    });
  });

  it('When a business has several invalid fields, then every one is named', async () => {
    const bad = { ...newBusiness('X'), category: 'casino', timezone: 'Asia/Atlantis', currency: 'ZZZ' };
    await expect(catalog.call('createBusiness', bad)).rejects.toMatchObject({
      code: 'COMMON.VALIDATION_FAILED',
      fields: expect.arrayContaining(['/slug', '/category', '/timezone', '/currency'].map((pointer) => expect.objectContaining({ pointer }))),
    });
  });

  it("When a service is read under another business's id, then it is not found", async () => {
    const { business: owner } = await catalog.call('createBusiness', newBusiness('owner-inn'));
    const { business: other } = await catalog.call('createBusiness', newBusiness('other-inn'));
    const { service } = await catalog.call('createService', {
      businessId: owner!.id, nameJa: '貸切風呂', nameEn: 'Private bath', category: 'spa', durationMinutes: 50,
      bufferBeforeMinutes: 0, bufferAfterMinutes: 10, price: { amount: 3000, currency: 'JPY' }, capacity: 1,
      prepayment: 'none', depositAmount: 0, isActive: undefined,
    });
    expect(service).toMatchObject({ isActive: true, capacity: 1, price: { amount: 3000, currency: 'JPY' } });
    // Warm the cache under the owner first: the tenant check must hold for cached reads too.
    await catalog.call('getService', { businessId: owner!.id, serviceId: service!.id });
    await expect(catalog.call('getService', { businessId: other!.id, serviceId: service!.id })).rejects.toMatchObject({
      code: 'CATALOG.SERVICE_NOT_FOUND',
    });
  });

  it('When a service has a negative duration and a deposit above its price, then both are named', async () => {
    const { business } = await catalog.call('createBusiness', newBusiness('strict-inn'));
    await expect(
      catalog.call('createService', {
        businessId: business!.id, nameJa: '', nameEn: 'Dinner', category: 'restaurant', durationMinutes: -30,
        bufferBeforeMinutes: 0, bufferAfterMinutes: 0, price: { amount: 1000, currency: 'JPY' }, capacity: 4,
        prepayment: 'deposit', depositAmount: 5000, isActive: true,
      }),
    ).rejects.toMatchObject({
      fields: expect.arrayContaining([expect.objectContaining({ pointer: '/duration_minutes' }), expect.objectContaining({ pointer: '/deposit_amount' })]),
    });
  });
});
