import { catalogV1 } from '@omotenashi/proto';
import { newBusiness, newService, newStaff, rejectedPointers, startCatalog, type CatalogHarness } from './support/catalog-harness';

describe('Catalog: bad input is refused naming every bad field', () => {
  let h: CatalogHarness;
  let businessId: string;

  beforeAll(async () => {
    h = await startCatalog('validation');
    businessId = (await h.catalog.call('createBusiness', newBusiness('strict-salon'))).business!.id;
  });
  afterAll(() => h?.stop());

  it('When a business has an unknown time zone, category and currency and a bad slug, then all four are named at once', async () => {
    const call = h.catalog.call('createBusiness', newBusiness('X', { category: 'casino', timezone: 'Asia/Atlantis', currency: 'ZZZ' }));
    await expect(call).rejects.toMatchObject({ code: 'COMMON.VALIDATION_FAILED', kind: 'invalid_argument' });
    expect(await rejectedPointers(h.catalog.call('createBusiness', newBusiness('X', { category: 'casino', timezone: 'Asia/Atlantis', currency: 'ZZZ' })))).toEqual(
      ['/category', '/currency', '/slug', '/timezone'],
    );
  });

  it.each(['+09:00', 'JST-9', 'Asia/Tokio', 'Mars/Olympus'])('When the time zone is %s, then /timezone is refused', async (timezone) => {
    expect(await rejectedPointers(h.catalog.call('updateBusiness', catalogV1.UpdateBusinessRequest.fromPartial({ businessId, timezone })))).toEqual(['/timezone']);
  });

  it('When a patch sets a bad policy and settings, then each nested field is pointed at', async () => {
    const patch = catalogV1.UpdateBusinessRequest.fromPartial({
      businessId,
      policy: { cancellationFeePercent: 150, refundPercent: -1 },
      settings: { defaultLocale: 'fr', contactEmail: 'not-an-email' },
    });
    expect(await rejectedPointers(h.catalog.call('updateBusiness', patch))).toEqual([
      '/policy/cancellation_fee_percent', '/policy/refund_percent', '/settings/contact_email', '/settings/default_locale',
    ]);
  });

  it('When hours overlap on one day, close before they open or name weekday 8, then each interval is pointed at', async () => {
    const weekly = [
      { weekday: 1, opens: '09:00', closes: '12:00' },
      { weekday: 1, opens: '11:30', closes: '18:00' },
      { weekday: 2, opens: '18:00', closes: '09:00' },
      { weekday: 8, opens: '09:00', closes: '17:00' },
      { weekday: 3, opens: '9am', closes: '25:00' },
      { weekday: 4, opens: '09:00', closes: '12:00' },
      { weekday: 4, opens: '12:00', closes: '24:00' },
    ];
    expect(await rejectedPointers(h.catalog.call('setBusinessHours', { businessId, weekly, closedOnNationalHolidays: false }))).toEqual([
      '/weekly/1/opens', '/weekly/2/closes', '/weekly/3/weekday', '/weekly/4/closes', '/weekly/4/opens',
    ]);
  });

  it('When a closure ends before it starts or has only one of opens/closes, then those fields are named', async () => {
    const call = h.catalog.call('createClosure', { businessId, fromDate: '2027-01-10', toDate: '2027-01-09', reason: '', opens: '10:00', closes: '' });
    expect(await rejectedPointers(call)).toEqual(['/closes', '/to']);
    const badDates = h.catalog.call('createClosure', { businessId, fromDate: '2027-02-30', toDate: 'tomorrow', reason: '', opens: '', closes: '' });
    expect(await rejectedPointers(badDates)).toEqual(['/from', '/to']);
  });

  it('When a service has a negative duration and price, an unknown category, a foreign currency and a deposit above its price, then all are named', async () => {
    const call = h.catalog.call('createService', newService(businessId, {
      durationMinutes: -30, category: 'karaoke', price: { amount: -100, currency: 'USD' }, prepayment: 'deposit', depositAmount: 5000, bufferBeforeMinutes: -5,
    }));
    expect(await rejectedPointers(call)).toEqual(['/buffer_before_minutes', '/category', '/currency', '/deposit_amount', '/duration_minutes', '/price_amount']);
  });

  it('When a deposit exceeds the price on a patch, then /deposit_amount is named and the service is unchanged', async () => {
    const { service } = await h.catalog.call('createService', newService(businessId));
    const patch = catalogV1.UpdateServiceRequest.fromPartial({ businessId, serviceId: service!.id, prepayment: 'deposit', depositAmount: 9999 });
    expect(await rejectedPointers(h.catalog.call('updateService', patch))).toEqual(['/deposit_amount']);
    expect((await h.catalog.call('getService', { businessId, serviceId: service!.id })).service?.prepayment).toBe('none');
  });

  it('When staff would perform a service of another business, then that id is named and nothing is created', async () => {
    const other = (await h.catalog.call('createBusiness', newBusiness('other-salon'))).business!.id;
    const foreign = (await h.catalog.call('createService', newService(other))).service!.id;
    const own = (await h.catalog.call('createService', newService(businessId, { nameEn: 'Trim' }))).service!.id;
    const call = h.catalog.call('createStaff', newStaff(businessId, { serviceIds: [own, foreign] }));
    await expect(call).rejects.toMatchObject({ code: 'COMMON.VALIDATION_FAILED', fields: [{ pointer: '/service_ids/1', detail: 'is not a service of this business' }] });
    const { staff } = await h.catalog.call('listStaff', { businessId, isActive: undefined, serviceId: '', limit: 0, cursor: '' });
    expect(staff).toEqual([]);
  });

  it('When a service names staff of another business, then /staff_ids/0 is named', async () => {
    const other = (await h.catalog.call('getBusinessBySlug', { slug: 'other-salon' })).business!.id;
    const foreignStaff = (await h.catalog.call('createStaff', newStaff(other))).staff!.id;
    expect(await rejectedPointers(h.catalog.call('createService', newService(businessId, { staffIds: { values: [foreignStaff] } })))).toEqual(['/staff_ids/0']);
  });

  it('When staff has a bad email, role, schedule and time off, then each is named', async () => {
    const call = h.catalog.call('createStaff', newStaff(businessId, {
      email: 'yui', role: 'boss', displayName: '',
      schedule: [{ weekday: 1, opens: '10:00', closes: '09:00' }],
      timeOff: [{ startsAt: '2027-01-05T15:00:00+09:00', endsAt: '2027-01-05T10:00:00+09:00', reason: '' }, { startsAt: '2027-01-05', endsAt: 'later', reason: '' }],
    }));
    expect(await rejectedPointers(call)).toEqual([
      '/display_name', '/email', '/role', '/schedule/weekly/0/closes', '/time_off/0/ends_at', '/time_off/1/ends_at', '/time_off/1/starts_at',
    ]);
  });

  it('When the same person is added twice to one business, then the second is a conflict', async () => {
    await h.catalog.call('createStaff', newStaff(businessId, { email: 'twice@example.jp' }));
    await expect(h.catalog.call('createStaff', newStaff(businessId, { email: 'Twice@example.jp' }))).rejects.toMatchObject({ code: 'CATALOG.STAFF_ALREADY_ASSIGNED', kind: 'conflict' });
  });

  it('When a resource has no kind and a zero-or-less capacity, a list a bad cursor, or the engine a reversed range, then those are named', async () => {
    expect(await rejectedPointers(h.catalog.call('createResource', { businessId, kind: 'Big Room', nameJa: '', nameEn: '', capacity: -2, isActive: undefined }))).toEqual(
      ['/capacity', '/kind', '/name_ja'],
    );
    expect(await rejectedPointers(h.catalog.call('listBusinesses', { query: '', category: 'casino', limit: 500, cursor: 'nope' }))).toEqual(
      ['/query/category', '/query/cursor', '/query/limit'],
    );
    const serviceId = (await h.catalog.call('createService', newService(businessId, { nameEn: 'Blow dry' }))).service!.id;
    expect(await rejectedPointers(h.catalog.call('getSchedulingData', { businessId, serviceId, fromDate: '2027-01-15', toDate: '2027-01-01' }))).toEqual(['/to_date']);
  });

  it('When the currency changes while services are priced, then it is refused; the slug of another business is taken', async () => {
    await expect(h.catalog.call('updateBusiness', catalogV1.UpdateBusinessRequest.fromPartial({ businessId, currency: 'USD' }))).rejects.toMatchObject({
      code: 'CATALOG.CURRENCY_LOCKED',
    });
    await expect(h.catalog.call('updateBusiness', catalogV1.UpdateBusinessRequest.fromPartial({ businessId, slug: 'other-salon' }))).rejects.toMatchObject({
      code: 'CATALOG.SLUG_TAKEN',
    });
  });
});
