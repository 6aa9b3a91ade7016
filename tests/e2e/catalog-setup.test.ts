import type { RunningGateway } from '../../services/gateway/src/app';
import { call, startPlatformGateway } from '../support/gateway';
import { startPlatform, type TestPlatform } from '../support/platform';

/**
 * A salon owner sets up everything over HTTP, against the real gateway, catalog and identity: the
 * profile, a week with a lunch break and the holiday rule, closures, a chair, three menus and two
 * stylists. Customers then read it anonymously, in Japanese or English.
 */
describe('Catalog setup through the gateway', () => {
  let platform: TestPlatform;
  let gateway: RunningGateway;
  let owner: Record<string, string>;
  let businessId: string;
  const ids: Record<string, string> = {};
  const http = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => call(gateway.url, method, path, body, headers);
  const asOwner = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    http(method, path, body, { ...owner, ...headers });

  beforeAll(async () => {
    platform = await startPlatform('catalog-e2e');
    gateway = await startPlatformGateway(platform, { JWT_SECRET: 'catalog-e2e-jwt-secret-0123456789abcdef', PASSWORD_SCRYPT_LOG_N: '15' });
    const signUp = await http('POST', '/v1/auth/signup', { email: 'owner@sakura.example.jp', password: 'correct horse battery staple', display_name: '桜井 さくら', locale: 'ja' });
    expect(signUp.status).toBe(201);
    owner = { authorization: `Bearer ${signUp.body.access_token}` };
  });

  afterAll(async () => {
    await gateway?.stop();
    await platform?.stop();
  });

  it('When the owner creates the salon with bilingual profile, address and settings, then it comes back in snake_case', async () => {
    const created = await asOwner('POST', '/v1/businesses', {
      slug: 'salon-sakura',
      display_name_ja: '美容室さくら',
      display_name_en: 'Salon Sakura',
      description_ja: '表参道の美容室',
      description_en: 'A hair salon in Omotesando',
      category: 'hair',
      timezone: 'Asia/Tokyo',
      address: { country: 'JP', postal_code: '150-0001', prefecture: '東京都', city: '渋谷区', line1: '神宮前4-1-1' },
      settings: { contact_email: 'info@sakura.example.jp', legal_notice_ja: '特定商取引法に基づく表記' },
      policy: { min_notice_minutes: 120, cancellation_fee_percent: 50 },
    });
    expect(created.status).toBe(201);
    businessId = created.body.id;
    expect(created.body).toMatchObject({
      display_name: '美容室さくら',
      description: '表参道の美容室',
      currency: 'JPY',
      address: { postal_code: '150-0001', prefecture: '東京都', line2: '' },
      settings: { default_locale: 'ja', contact_email: 'info@sakura.example.jp' },
      policy: { min_notice_minutes: 120, cancellation_fee_percent: 50, refund_percent: 100, slot_interval_minutes: 30 },
    });
  });

  it('When hours with a lunch break, the holiday rule and closures are set, then anyone can read them', async () => {
    const weekly = [1, 2, 4, 5].flatMap((weekday) => [
      { weekday, opens: '10:00', closes: '12:00' },
      { weekday, opens: '13:00', closes: '19:00' },
    ]);
    const put = await asOwner('PUT', `/v1/businesses/${businessId}/hours`, { weekly, closed_on_national_holidays: true });
    expect(put.status).toBe(200);
    expect(put.body.weekly).toHaveLength(8);
    const newYear = await asOwner('POST', `/v1/businesses/${businessId}/closures`, { from: '2026-12-29', to: '2027-01-03', reason: '年末年始' });
    expect(newYear.status).toBe(201);
    expect(newYear.body).toMatchObject({ from: '2026-12-29', to: '2027-01-03', closed: true, opens: null, closes: null });
    ids.closure = newYear.body.id;
    const special = await asOwner('POST', `/v1/businesses/${businessId}/closures`, { from: '2027-01-09', to: '2027-01-09', opens: '10:00', closes: '15:00' });
    expect(special.body).toMatchObject({ closed: false, opens: '10:00', closes: '15:00' });

    const hours = await http('GET', `/v1/businesses/${businessId}/hours`);
    expect(hours.body).toEqual({ weekly, closed_on_national_holidays: true });
    const closures = await http('GET', `/v1/businesses/${businessId}/closures?from=2027-01-01&to=2027-01-31`);
    expect(closures.body.data.map((c: { from: string }) => c.from)).toEqual(['2026-12-29', '2027-01-09']);
  });

  it('When a chair, three menus and two stylists are added, then services and staff point at each other', async () => {
    const chair = await asOwner('POST', `/v1/businesses/${businessId}/resources`, { kind: 'chair', name_ja: 'セット面1', name_en: 'Chair 1' });
    expect(chair.status).toBe(201);
    ids.chair = chair.body.id;
    const menus = [
      { name_ja: 'カット', name_en: 'Haircut', category: 'hair', duration_minutes: 60, price_amount: 5500, resource_kinds: ['chair'] },
      { name_ja: 'カラー', name_en: 'Colour', category: 'hair', duration_minutes: 90, buffer_after_minutes: 15, price_amount: 8800, prepayment: 'deposit', deposit_amount: 2000, resource_kinds: ['chair'] },
      { name_ja: 'ヘッドスパ', name_en: 'Head spa', category: 'spa', duration_minutes: 30, price_amount: 3300 },
    ];
    for (const menu of menus) {
      const created = await asOwner('POST', `/v1/businesses/${businessId}/services`, menu);
      expect(created.status).toBe(201);
      ids[menu.name_en] = created.body.id;
    }
    const yui = await asOwner('POST', `/v1/businesses/${businessId}/staff`, {
      email: 'yui@sakura.example.jp',
      display_name: '佐藤 結衣',
      role: 'manager',
      service_ids: [ids.Haircut, ids.Colour],
      schedule: { weekly: [{ weekday: 1, opens: '10:00', closes: '19:00' }] },
      time_off: [{ starts_at: '2027-01-05T10:00:00+09:00', ends_at: '2027-01-05T15:00:00+09:00', reason: '通院' }],
    });
    expect(yui.status).toBe(201);
    expect(yui.body).toMatchObject({ role: 'manager', user_id: null, time_off: [{ starts_at: '2027-01-05T01:00:00.000Z', reason: '通院' }] });
    const ken = await asOwner('POST', `/v1/businesses/${businessId}/staff`, { email: 'ken@sakura.example.jp', display_name: '田中 健', service_ids: [ids['Head spa']] });
    expect(ken.body.role).toBe('staff');

    const cut = await http('GET', `/v1/businesses/${businessId}/services/${ids.Haircut}`);
    expect(cut.body).toMatchObject({ name: 'カット', staff_ids: [yui.body.id], resource_kinds: ['chair'], price_amount: 5500, currency: 'JPY' });
    const staff = await asOwner('GET', `/v1/businesses/${businessId}/staff?service_id=${ids['Head spa']}`);
    expect(staff.body.data.map((s: { display_name: string }) => s.display_name)).toEqual(['田中 健']);
  });

  it('When a customer browses with Accept-Language: en, then names come in English; without it, in Japanese', async () => {
    const en = { 'accept-language': 'en-US,en;q=0.9' };
    const found = await http('GET', '/v1/businesses?q=さくら&fields=id,slug,display_name', undefined, en);
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ data: [{ id: businessId, slug: 'salon-sakura', display_name: 'Salon Sakura' }], next_cursor: null });
    expect((await http('GET', '/v1/businesses?q=sakura&category=hair')).body.data[0].display_name).toBe('美容室さくら');
    expect((await http('GET', '/v1/businesses?category=lodging')).body.data).toEqual([]);

    const bySlug = await http('GET', '/v1/businesses/salon-sakura', undefined, en);
    expect(bySlug.body).toMatchObject({ id: businessId, display_name: 'Salon Sakura', description: 'A hair salon in Omotesando' });
    const services = await http('GET', `/v1/businesses/${businessId}/services?limit=2`, undefined, en);
    expect(services.body.data.map((s: { name: string }) => s.name)).toEqual(['Haircut', 'Colour']);
    const next = await http('GET', `/v1/businesses/${businessId}/services?limit=2&cursor=${encodeURIComponent(services.body.next_cursor)}`, undefined, en);
    expect(next.body).toMatchObject({ data: [{ name: 'Head spa', name_ja: 'ヘッドスパ' }], next_cursor: null });
    const resources = await http('GET', `/v1/businesses/${businessId}/resources`, undefined, en);
    expect(resources.body.data).toEqual([expect.objectContaining({ kind: 'chair', name: 'Chair 1', name_ja: 'セット面1' })]);
  });

  it('When a visitor without an account asks for staff or changes a service, then the gateway refuses', async () => {
    expect((await http('GET', `/v1/businesses/${businessId}/staff`)).status).toBe(401);
    expect((await http('PATCH', `/v1/businesses/${businessId}/services/${ids.Haircut}`, { price_amount: 1 })).status).toBe(401);
  });

  it('When bodies are invalid, then the problem lists every bad field, from the gateway schema and from catalog alike', async () => {
    const bad = await asOwner('POST', `/v1/businesses/${businessId}/services`, { name_ja: 'x', name_en: 'x', category: 'karaoke', duration_minutes: -30, price_amount: -1 });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/category', '/duration_minutes', '/price_amount']);

    const overlap = await asOwner('PUT', `/v1/businesses/${businessId}/hours`, {
      weekly: [{ weekday: 1, opens: '09:00', closes: '12:00' }, { weekday: 1, opens: '11:00', closes: '18:00' }, { weekday: 2, opens: '18:00', closes: '09:00' }],
    });
    expect(overlap.status).toBe(400);
    expect(overlap.body).toMatchObject({ code: 'COMMON.VALIDATION_FAILED' });
    expect(overlap.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/weekly/2/closes', '/weekly/1/opens']);

    const deposit = await asOwner('PATCH', `/v1/businesses/${businessId}/services/${ids.Haircut}`, { prepayment: 'deposit', deposit_amount: 99_999 });
    expect(deposit.status).toBe(400);
    expect(deposit.body.errors).toEqual([{ pointer: '/deposit_amount', detail: 'a deposit must be more than 0 and at most the price' }]);

    const timezone = await asOwner('PATCH', `/v1/businesses/${businessId}`, { timezone: 'Asia/Tokio' });
    expect(timezone.body.errors).toEqual([{ pointer: '/timezone', detail: 'must be an IANA time zone (Asia/Tokyo)' }]);
  });

  it("When the owner edits and removes things, then the change shows at once and another business's ids are not found", async () => {
    const patched = await asOwner('PATCH', `/v1/businesses/${businessId}/services/${ids.Haircut}`, { price_amount: 6600 });
    expect(patched.body.price_amount).toBe(6600);
    expect((await http('GET', `/v1/businesses/${businessId}/services/${ids.Haircut}`)).body.price_amount).toBe(6600);
    const renamed = await asOwner('PATCH', `/v1/businesses/${businessId}`, { display_name_en: 'Sakura Hair', policy: { requires_approval: true } });
    expect(renamed.body).toMatchObject({ display_name_en: 'Sakura Hair', policy: { requires_approval: true, min_notice_minutes: 120 } });

    expect((await asOwner('DELETE', `/v1/businesses/${businessId}/closures/${ids.closure}`)).status).toBe(204);
    expect((await asOwner('DELETE', `/v1/businesses/${businessId}/resources/${ids.chair}`)).status).toBe(204);
    const gone = await http('GET', `/v1/businesses/${businessId}/resources/${ids.chair}`);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('CATALOG.RESOURCE_NOT_FOUND');

    const other = await asOwner('POST', '/v1/businesses', { slug: 'other-salon', display_name_ja: '別の店', display_name_en: 'Other', category: 'hair', timezone: 'Asia/Tokyo' });
    const foreign = await asOwner('GET', `/v1/businesses/${other.body.id}/services/${ids.Haircut}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('CATALOG.SERVICE_NOT_FOUND');
  });
});
