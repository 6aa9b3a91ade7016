import { catalogV1 } from '@omotenashi/proto';
import { newBusiness, newResource, newService, newStaff, startCatalog, type CatalogHarness } from './support/catalog-harness';

/**
 * A hair salon sets up everything before its first booking: profile, a week with a lunch break,
 * New Year closure, a special Saturday, the national-holiday rule, a chair, two stylists and three
 * menus. The availability engine then reads it back in one GetSchedulingData call.
 */
describe('Catalog: a salon sets up before its first booking', () => {
  let h: CatalogHarness;
  let businessId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await startCatalog('salon');
  });
  afterAll(() => h?.stop());

  it('When the salon is created with bilingual fields, address, settings and policy, then all of them come back', async () => {
    const { business } = await h.catalog.call(
      'createBusiness',
      newBusiness('salon-sakura', {
        descriptionJa: '表参道の美容室です。',
        descriptionEn: 'A hair salon in Omotesando.',
        address: { country: 'JP', postalCode: '150-0001', prefecture: '東京都', city: '渋谷区', line1: '神宮前4-1-1', line2: '2F' },
        settings: { defaultLocale: 'ja', contactEmail: 'info@sakura.example.jp', legalNoticeJa: '特定商取引法に基づく表記…' },
        policy: { minNoticeMinutes: 120, cancellationFeePercent: 50, refundPercent: 80 },
      }),
    );
    businessId = business!.id;
    expect(business).toMatchObject({
      slug: 'salon-sakura',
      displayNameJa: '美容室さくら',
      displayNameEn: 'Salon Sakura',
      descriptionJa: '表参道の美容室です。',
      descriptionEn: 'A hair salon in Omotesando.',
      timezone: 'Asia/Tokyo',
      currency: 'JPY',
      address: { postalCode: '150-0001', prefecture: '東京都', city: '渋谷区' },
      settings: { defaultLocale: 'ja', contactEmail: 'info@sakura.example.jp', legalNoticeJa: '特定商取引法に基づく表記…', websiteUrl: '' },
      policy: { minNoticeMinutes: 120, cancellationFeePercent: 50, refundPercent: 80, slotIntervalMinutes: 30, requiresApproval: false },
    });
    const { business: bySlug } = await h.catalog.call('getBusinessBySlug', { slug: 'salon-sakura' });
    expect(bySlug).toEqual(business);
  });

  it('When weekly hours with a lunch break and the holiday rule are set, then they are read back in order', async () => {
    const weekly = [1, 2, 4, 5].flatMap((weekday) => [
      { weekday, opens: '13:00', closes: '19:00' },
      { weekday, opens: '10:00', closes: '12:00' },
    ]);
    weekly.push({ weekday: 6, opens: '09:00', closes: '17:00' });
    const { hours } = await h.catalog.call('setBusinessHours', { businessId, weekly, closedOnNationalHolidays: true });
    expect(hours?.closedOnNationalHolidays).toBe(true);
    expect(hours?.weekly.slice(0, 2)).toEqual([
      { weekday: 1, opens: '10:00', closes: '12:00' },
      { weekday: 1, opens: '13:00', closes: '19:00' },
    ]);
    expect(hours?.weekly).toHaveLength(9);
    expect((await h.catalog.call('getBusinessHours', { businessId })).hours).toEqual(hours);
  });

  it('When a New Year closure, a special Saturday and a March closure are added, then each lists with its own shape', async () => {
    const newYear = await h.catalog.call('createClosure', { businessId, fromDate: '2026-12-29', toDate: '2027-01-03', reason: '年末年始休業', opens: '', closes: '' });
    const special = await h.catalog.call('createClosure', { businessId, fromDate: '2027-01-09', toDate: '2027-01-09', reason: '短縮営業', opens: '10:00', closes: '15:00' });
    await h.catalog.call('createClosure', { businessId, fromDate: '2027-03-01', toDate: '2027-03-02', reason: '研修', opens: '', closes: '' });
    ids.newYear = newYear.closure!.id;
    expect(newYear.closure).toMatchObject({ fromDate: '2026-12-29', toDate: '2027-01-03', opens: '', closes: '' });
    expect(special.closure).toMatchObject({ fromDate: '2027-01-09', opens: '10:00', closes: '15:00' });
    const { closures } = await h.catalog.call('listClosures', { businessId, fromDate: '2027-01-01', toDate: '2027-01-31' });
    expect(closures.map((c) => c.reason)).toEqual(['年末年始休業', '短縮営業']);
    expect((await h.catalog.call('listClosures', { businessId, fromDate: '', toDate: '' })).closures).toHaveLength(3);
  });

  it('When a chair, two stylists and three menus are set up, then services and staff point at each other', async () => {
    ids.chair = (await h.catalog.call('createResource', newResource(businessId))).resource!.id;
    await h.catalog.call('createResource', newResource(businessId, { kind: 'shampoo_station', nameJa: 'シャンプー台', nameEn: 'Shampoo station', capacity: 2 }));
    ids.cut = (await h.catalog.call('createService', newService(businessId, { resourceKinds: { values: ['chair'] } }))).service!.id;
    ids.color = (
      await h.catalog.call('createService', newService(businessId, {
        nameJa: 'カラー', nameEn: 'Colour', durationMinutes: 90, bufferAfterMinutes: 15, price: { amount: 8800, currency: 'JPY' },
        prepayment: 'deposit', depositAmount: 2000, resourceKinds: { values: ['chair', 'shampoo_station'] },
      }))
    ).service!.id;
    ids.headSpa = (
      await h.catalog.call('createService', newService(businessId, { nameJa: 'ヘッドスパ', nameEn: 'Head spa', category: 'spa', durationMinutes: 30, price: { amount: 3300, currency: 'JPY' } }))
    ).service!.id;

    const { staff: yui } = await h.catalog.call('createStaff', newStaff(businessId, {
      userId: '0190a5b4-7c1e-7000-8000-00000000a001',
      role: 'manager',
      serviceIds: [ids.cut, ids.color],
      schedule: [{ weekday: 1, opens: '10:00', closes: '19:00' }, { weekday: 2, opens: '10:00', closes: '19:00' }],
      timeOff: [
        { startsAt: '2027-01-05T10:00:00+09:00', endsAt: '2027-01-05T15:00:00+09:00', reason: '通院' },
        { startsAt: '2026-06-01T00:00:00+09:00', endsAt: '2026-06-08T00:00:00+09:00', reason: '夏休み' },
      ],
    }));
    const { staff: ken } = await h.catalog.call('createStaff', newStaff(businessId, { email: 'ken@example.jp', displayName: '田中 健', serviceIds: [ids.cut] }));
    ids.yui = yui!.id;
    ids.ken = ken!.id;
    expect(yui).toMatchObject({ role: 'manager', isActive: true, terminatedAt: '', serviceIds: [ids.cut, ids.color].sort() });
    expect(yui?.timeOff[0]).toEqual({ startsAt: '2026-05-31T15:00:00.000Z', endsAt: '2026-06-07T15:00:00.000Z', reason: '夏休み' });

    // The head spa is given its performers from the service side.
    const { service: headSpa } = await h.catalog.call('updateService', catalogV1.UpdateServiceRequest.fromPartial({
      businessId, serviceId: ids.headSpa, staffIds: { values: [ids.ken] },
    }));
    expect(headSpa?.staffIds).toEqual([ids.ken]);
    const { service: cut } = await h.catalog.call('getService', { businessId, serviceId: ids.cut });
    expect(cut?.staffIds).toEqual([ids.yui, ids.ken].sort());
    expect(cut?.resourceKinds).toEqual(['chair']);
    expect((await h.catalog.call('getStaff', { businessId, staffId: ids.ken })).staff?.serviceIds).toEqual([ids.cut, ids.headSpa].sort());

    const { services } = await h.catalog.call('listServices', { businessId, isActive: true, category: '', limit: 0, cursor: '' });
    expect(services.map((s) => s.nameEn)).toEqual(['Haircut', 'Colour', 'Head spa']);
    const { staff } = await h.catalog.call('listStaff', { businessId, isActive: undefined, serviceId: ids.color, limit: 0, cursor: '' });
    expect(staff.map((s) => s.displayName)).toEqual(['佐藤 結衣']);
  });

  it('When the engine asks for the first half of January 2027, then it gets hours, closures, holidays, eligible staff and chairs', async () => {
    const data = await h.catalog.call('getSchedulingData', { businessId, serviceId: ids.color, fromDate: '2027-01-01', toDate: '2027-01-15' });
    expect(data.business).toMatchObject({ id: businessId, timezone: 'Asia/Tokyo', policy: { minNoticeMinutes: 120 } });
    expect(data.service).toMatchObject({ id: ids.color, durationMinutes: 90, bufferAfterMinutes: 15, depositAmount: 2000 });
    expect(data.hours?.closedOnNationalHolidays).toBe(true);
    expect(data.hours?.weekly).toHaveLength(9);
    expect(data.holidays).toEqual([
      { date: '2027-01-01', nameJa: '元日', nameEn: "New Year's Day" },
      { date: '2027-01-11', nameJa: '成人の日', nameEn: 'Coming of Age Day' },
    ]);
    expect(data.closures.map((c) => [c.fromDate, c.toDate, c.opens, c.closes])).toEqual([
      ['2026-12-29', '2027-01-03', '', ''],
      ['2027-01-09', '2027-01-09', '10:00', '15:00'],
    ]);
    expect(data.staff.map((s) => s.id)).toEqual([ids.yui]);
    expect(data.staff[0].schedule).toHaveLength(2);
    expect(data.staff[0].timeOff).toEqual([{ startsAt: '2027-01-05T01:00:00.000Z', endsAt: '2027-01-05T06:00:00.000Z', reason: '通院' }]);
    expect(data.resources.map((r) => r.kind).sort()).toEqual(['chair', 'shampoo_station']);
  });

  it('When the whole business is asked for, then every service comes with all active staff and resources, and each service’s share equals its own answer', async () => {
    const range = { businessId, fromDate: '2027-01-01', toDate: '2027-01-15' };
    const whole = await h.catalog.call('getSchedulingData', { ...range, serviceId: '', wholeBusiness: true });
    expect(whole.service).toBeUndefined();
    expect(whole.business?.id).toBe(businessId);
    expect(whole.services.map((s) => s.id).sort()).toEqual([ids.cut, ids.color, ids.headSpa].sort());
    for (const service of whole.services) {
      const alone = await h.catalog.call('getSchedulingData', { ...range, serviceId: service.id, wholeBusiness: false });
      expect(service).toEqual(alone.service);
      // What the booking server cuts from the whole answer (booking domain/scheduling.ts serviceCalendar).
      expect(whole.staff.filter((person) => person.serviceIds.includes(service.id))).toEqual(alone.staff);
      expect(whole.resources.filter((r) => r.isActive && service.resourceKinds.includes(r.kind))).toEqual(alone.resources);
      expect([whole.hours, whole.closures, whole.holidays]).toEqual([alone.hours, alone.closures, alone.holidays]);
    }
    expect(whole.services).toHaveLength(3);
    await expect(h.catalog.call('getSchedulingData', { ...range, businessId: '0190a0a0-0000-7000-8000-0000000000ff', serviceId: '', wholeBusiness: true }))
      .rejects.toMatchObject({ code: 'CATALOG.BUSINESS_NOT_FOUND' });
  });

  it('When the holiday rule is off, then no holidays are sent; when a stylist is deactivated, then she is no longer eligible', async () => {
    const { hours } = await h.catalog.call('getBusinessHours', { businessId });
    await h.catalog.call('setBusinessHours', { businessId, weekly: hours!.weekly, closedOnNationalHolidays: false });
    await h.catalog.call('updateStaff', catalogV1.UpdateStaffRequest.fromPartial({ businessId, staffId: ids.ken, isActive: false }));
    const data = await h.catalog.call('getSchedulingData', { businessId, serviceId: ids.cut, fromDate: '2027-01-01', toDate: '2027-01-15' });
    expect(data.holidays).toEqual([]);
    expect(data.staff.map((s) => s.id)).toEqual([ids.yui]);
    expect(data.resources.map((r) => r.kind)).toEqual(['chair']);
  });

  it('When a stylist leaves, then she is gone from her services and the staff list, and deleting again is not found', async () => {
    await h.catalog.call('deleteStaff', { businessId, staffId: ids.yui });
    expect((await h.catalog.call('getService', { businessId, serviceId: ids.cut })).service?.staffIds).toEqual([ids.ken]);
    const { staff } = await h.catalog.call('listStaff', { businessId, isActive: undefined, serviceId: '', limit: 0, cursor: '' });
    expect(staff.map((s) => s.id)).toEqual([ids.ken]);
    await expect(h.catalog.call('deleteStaff', { businessId, staffId: ids.yui })).rejects.toMatchObject({ code: 'CATALOG.STAFF_NOT_FOUND' });
    const { staff: assignments } = await h.catalog.call('listStaffByUser', { userId: '0190a5b4-7c1e-7000-8000-00000000a001' });
    expect(assignments).toEqual([]);
  });

  it('When a closure and a service are deleted, then they no longer list and the service reads as not found', async () => {
    await h.catalog.call('deleteClosure', { businessId, closureId: ids.newYear });
    expect((await h.catalog.call('listClosures', { businessId, fromDate: '', toDate: '' })).closures).toHaveLength(2);
    await h.catalog.call('deleteService', { businessId, serviceId: ids.headSpa });
    await expect(h.catalog.call('getService', { businessId, serviceId: ids.headSpa })).rejects.toMatchObject({ code: 'CATALOG.SERVICE_NOT_FOUND' });
    const { services } = await h.catalog.call('listServices', { businessId, isActive: undefined, category: '', limit: 0, cursor: '' });
    expect(services.map((s) => s.nameEn)).toEqual(['Haircut', 'Colour']);
  });
});
