import { metricValue } from '@omotenashi/metrics';
import { catalogV1 } from '@omotenashi/proto';
import { newBusiness, newResource, newService, newStaff, startCatalog, type CatalogHarness } from './support/catalog-harness';

const business = { service: 'catalog', layer: 'business' };
const serviceCatalog = { service: 'catalog', layer: 'service_catalog' };

describe('Catalog: reads are served from Redis with the seed TTLs, writes are visible at once', () => {
  let h: CatalogHarness;
  let businessId: string;
  let serviceId: string;
  const key = (suffix: string) => `${h.infra.redisKeyPrefix}:catalog:${suffix}`;

  beforeAll(async () => {
    h = await startCatalog('cache');
    businessId = (await h.catalog.call('createBusiness', newBusiness('cached-salon'))).business!.id;
    serviceId = (await h.catalog.call('createService', newService(businessId))).service!.id;
  });
  afterAll(() => h?.stop());

  const hits = (labels: Record<string, string>) => metricValue('cache_hits_total', labels);
  const misses = (labels: Record<string, string>) => metricValue('cache_misses_total', labels);

  it('When a business is read twice, then the second read is two Redis hits (profile, settings) with 5-minute TTLs', async () => {
    await h.redis.del(key(`business:${businessId}`), key(`business:${businessId}:settings`));
    const missesBefore = await misses(business);
    const first = await h.catalog.call('getBusiness', { businessId });
    expect(await misses(business)).toBe(missesBefore + 2);
    const hitsBefore = await hits(business);
    const second = await h.catalog.call('getBusiness', { businessId });
    expect(second).toEqual(first);
    expect(await hits(business)).toBe(hitsBefore + 2);
    for (const suffix of [`business:${businessId}`, `business:${businessId}:settings`]) {
      const ttl = await h.redis.ttl(key(suffix));
      expect(ttl).toBeGreaterThan(290);
      expect(ttl).toBeLessThanOrEqual(300);
    }
  });

  it('When a business is updated, then the next read shows the new name and policy', async () => {
    await h.catalog.call('getBusiness', { businessId });
    await h.catalog.call('updateBusiness', catalogV1.UpdateBusinessRequest.fromPartial({
      businessId, displayNameEn: 'Sakura Hair', policy: { slotIntervalMinutes: 15 }, settings: { websiteUrl: 'https://sakura.example.jp' },
    }));
    const { business: read } = await h.catalog.call('getBusiness', { businessId });
    expect(read).toMatchObject({ displayNameEn: 'Sakura Hair', displayNameJa: '美容室さくら', policy: { slotIntervalMinutes: 15, minNoticeMinutes: 60 } });
    expect(read?.settings?.websiteUrl).toBe('https://sakura.example.jp');
  });

  it('When hours are read twice, then the second is a hit on business:{id}:hours (5 min); replacing them shows at once', async () => {
    await h.catalog.call('setBusinessHours', { businessId, weekly: [{ weekday: 1, opens: '10:00', closes: '19:00' }], closedOnNationalHolidays: false });
    await h.catalog.call('getBusinessHours', { businessId });
    const hitsBefore = await hits(business);
    await h.catalog.call('getBusinessHours', { businessId });
    expect(await hits(business)).toBe(hitsBefore + 1);
    const ttl = await h.redis.ttl(key(`business:${businessId}:hours`));
    expect(ttl).toBeGreaterThan(290);
    expect(ttl).toBeLessThanOrEqual(300);
    await h.catalog.call('setBusinessHours', { businessId, weekly: [{ weekday: 2, opens: '11:00', closes: '20:00' }], closedOnNationalHolidays: true });
    expect((await h.catalog.call('getBusinessHours', { businessId })).hours).toEqual({
      weekly: [{ weekday: 2, opens: '11:00', closes: '20:00' }],
      closedOnNationalHolidays: true,
    });
  });

  it('When a service is read twice, then the second is a hit on service:{id} with a 10-minute TTL; a price change shows at once', async () => {
    await h.catalog.call('getService', { businessId, serviceId });
    const hitsBefore = await hits(serviceCatalog);
    await h.catalog.call('getService', { businessId, serviceId });
    expect(await hits(serviceCatalog)).toBe(hitsBefore + 1);
    const ttl = await h.redis.ttl(key(`service:${serviceId}`));
    expect(ttl).toBeGreaterThan(590);
    expect(ttl).toBeLessThanOrEqual(600);
    await h.catalog.call('updateService', catalogV1.UpdateServiceRequest.fromPartial({ businessId, serviceId, priceAmount: 6600 }));
    expect((await h.catalog.call('getService', { businessId, serviceId })).service?.price).toEqual({ amount: 6600, currency: 'JPY' });
  });

  it('When the service and resource lists are read twice, then both are hits (10 min); new entries and staff links show at once', async () => {
    await h.catalog.call('listServices', { businessId, isActive: undefined, category: '', limit: 0, cursor: '' });
    await h.catalog.call('listResources', { businessId, kind: '', isActive: undefined, limit: 0, cursor: '' });
    const hitsBefore = await hits(serviceCatalog);
    await h.catalog.call('listServices', { businessId, isActive: undefined, category: '', limit: 0, cursor: '' });
    await h.catalog.call('listResources', { businessId, kind: '', isActive: undefined, limit: 0, cursor: '' });
    expect(await hits(serviceCatalog)).toBe(hitsBefore + 2);
    expect(await h.redis.ttl(key(`business:${businessId}:services`))).toBeGreaterThan(590);
    expect(await h.redis.ttl(key(`business:${businessId}:resources`))).toBeGreaterThan(590);

    await h.catalog.call('createResource', newResource(businessId));
    const { staff } = await h.catalog.call('createStaff', newStaff(businessId, { serviceIds: [serviceId] }));
    const { resources } = await h.catalog.call('listResources', { businessId, kind: '', isActive: undefined, limit: 0, cursor: '' });
    expect(resources.map((r) => r.kind)).toEqual(['chair']);
    const { services } = await h.catalog.call('listServices', { businessId, isActive: undefined, category: '', limit: 0, cursor: '' });
    expect(services[0].staffIds).toEqual([staff!.id]);
    expect((await h.catalog.call('getService', { businessId, serviceId })).service?.staffIds).toEqual([staff!.id]);
  });

  it('When a business is deleted, then its cached profile is gone and it reads as not found', async () => {
    const { business: doomed } = await h.catalog.call('createBusiness', newBusiness('closing-salon'));
    await h.catalog.call('getBusiness', { businessId: doomed!.id });
    await h.catalog.call('deleteBusiness', { businessId: doomed!.id });
    expect(await h.redis.exists(key(`business:${doomed!.id}`))).toBe(0);
    await expect(h.catalog.call('getBusiness', { businessId: doomed!.id })).rejects.toMatchObject({ code: 'CATALOG.BUSINESS_NOT_FOUND' });
    await expect(h.catalog.call('getBusinessBySlug', { slug: 'closing-salon' })).rejects.toMatchObject({ code: 'CATALOG.BUSINESS_NOT_FOUND' });
  });
});
