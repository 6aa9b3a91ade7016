import { AppError } from '@omotenashi/errors';
import { expectProblem, startHarness, type Harness } from './support/gateway-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.fakes.reset());

const newBusiness = (overrides: Record<string, unknown> = {}) => ({
  slug: 'sakura-salon',
  display_name_ja: 'さくらサロン',
  display_name_en: 'Sakura Salon',
  category: 'hair',
  timezone: 'Asia/Tokyo',
  ...overrides,
});

describe('POST /v1/businesses', () => {
  test('When a valid business is posted, then catalog receives it in camelCase and the client gets 201, Location and snake_case', async () => {
    const answer = await h.request('POST', '/v1/businesses', {
      body: newBusiness({ policy: { min_notice_minutes: 0, requires_approval: true } }),
    });

    expect(answer.status).toBe(201);
    expect(answer.headers.get('location')).toBe(`/v1/businesses/${answer.body.id}`);
    const call = h.fakes.calls.find((c) => c.method === 'createBusiness');
    expect(call?.request).toEqual({
      slug: 'sakura-salon',
      displayNameJa: 'さくらサロン',
      displayNameEn: 'Sakura Salon',
      category: 'hair',
      timezone: 'Asia/Tokyo',
      currency: 'JPY',
      policy: { minNoticeMinutes: 0, requiresApproval: true },
      ownerUserId: h.caller.userId,
      descriptionJa: '',
      descriptionEn: '',
    });
    expect(answer.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      slug: 'sakura-salon',
      display_name: 'さくらサロン',
      display_name_ja: 'さくらサロン',
      display_name_en: 'Sakura Salon',
      description: '',
      description_ja: '',
      description_en: '',
      category: 'hair',
      timezone: 'Asia/Tokyo',
      currency: 'JPY',
      settings: { default_locale: 'ja', contact_email: '', contact_phone: '', website_url: '', legal_notice_ja: '', legal_notice_en: '' },
      address: { country: '', postal_code: '', prefecture: '', city: '', line1: '', line2: '' },
      policy: {
        min_notice_minutes: 0,
        booking_horizon_days: 90,
        slot_interval_minutes: 30,
        cancel_cutoff_hours: 24,
        reschedule_cutoff_hours: 24,
        cancellation_fee_percent: 0,
        requires_approval: true,
      },
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
  });

  test('When the business is read back by id, then the same fields come out', async () => {
    const created = await h.request('POST', '/v1/businesses', { body: newBusiness({ currency: 'USD' }) });

    const read = await h.request('GET', `/v1/businesses/${created.body.id}`);

    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    expect(h.fakes.calls.at(-1)).toMatchObject({ method: 'getBusiness', request: { businessId: created.body.id } });
  });

  test('When catalog says the slug is taken, then the client gets 409 with catalog\'s code', async () => {
    h.fakes.override('catalog', 'createBusiness', async () => {
      throw new AppError('CATALOG.SLUG_TAKEN', 'The slug sakura-salon is already taken', { kind: 'conflict' });
    });

    const answer = await h.request('POST', '/v1/businesses', { body: newBusiness() });

    expectProblem(answer, 409, 'CATALOG.SLUG_TAKEN');
    expect(answer.body.detail).toBe('The slug sakura-salon is already taken');
  });

  test('When the timezone, currency, slug and category are all invalid, then every one is listed', async () => {
    const answer = await h.request('POST', '/v1/businesses', {
      body: newBusiness({ timezone: 'Mars/Olympus', currency: 'YEN', slug: 'Sakura Salon!', category: 'karaoke' }),
    });

    expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
    expect(answer.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/category', '/currency', '/slug', '/timezone']);
    expect(h.fakes.calls).toHaveLength(0);
  });

  test('When a policy value is out of range or unknown, then it is pointed at inside policy', async () => {
    const answer = await h.request('POST', '/v1/businesses', {
      body: newBusiness({ policy: { cancellation_fee_percent: 150, deposit: true } }),
    });

    expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
    expect(answer.body.errors).toEqual([
      { pointer: '/policy/deposit', detail: 'is not a known field' },
      { pointer: '/policy/cancellation_fee_percent', detail: 'must be <= 100' },
    ]);
  });

  test.each(['UTC', 'America/Argentina/Buenos_Aires', 'Europe/London'])(
    'When the timezone is the IANA zone %s, then it is accepted',
    async (timezone) => {
      const answer = await h.request('POST', '/v1/businesses', { body: newBusiness({ timezone }) });
      expect(answer.status).toBe(201);
    },
  );

  test.each(['+09:00', 'JST-9', 'Asia/Tokio'])('When the timezone is %s, then it is rejected', async (timezone) => {
    const answer = await h.request('POST', '/v1/businesses', { body: newBusiness({ timezone }) });
    expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
    expect(answer.body.errors).toEqual([{ pointer: '/timezone', detail: 'must be an IANA time zone (Asia/Tokyo)' }]);
  });
});

describe('GET /v1/businesses/:businessId', () => {
  test('When the id is neither a UUID nor a slug, then the client gets a 404 problem and catalog is not asked', async () => {
    const answer = await h.request('GET', '/v1/businesses/Not_A_Slug!');

    expectProblem(answer, 404, 'COMMON.NOT_FOUND');
    expect(answer.body.detail).toBe('Business was not found');
    expect(h.fakes.calls).toHaveLength(0);
  });

  test('When a slug is given, then catalog is asked by slug and Accept-Language: en picks the English name', async () => {
    const created = await h.request('POST', '/v1/businesses', { body: newBusiness() });
    h.fakes.override('catalog', 'getBusinessBySlug', (async () => ({ business: toCatalog(created.body) })) as never);

    const answer = await h.request('GET', '/v1/businesses/sakura-salon', { headers: { 'accept-language': 'en' }, anonymous: true });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: created.body.id, display_name: 'Sakura Salon', display_name_ja: 'さくらサロン' });
    expect(h.fakes.calls.at(-1)).toMatchObject({ method: 'getBusinessBySlug', request: { slug: 'sakura-salon' } });
  });

  test('When catalog does not know the business, then its not-found code passes through', async () => {
    const answer = await h.request('GET', '/v1/businesses/0190a5b4-7c1e-7000-8000-000000000001');

    expectProblem(answer, 404, 'CATALOG.BUSINESS.NOT_FOUND');
  });
});

/** A gateway business answer back in catalog's camelCase, for fakes that answer by slug. */
function toCatalog(body: Record<string, string>) {
  return {
    id: body.id,
    slug: body.slug,
    displayNameJa: body.display_name_ja,
    displayNameEn: body.display_name_en,
    category: body.category,
    timezone: body.timezone,
    currency: body.currency,
    createdAt: body.created_at,
    updatedAt: body.updated_at,
  };
}
