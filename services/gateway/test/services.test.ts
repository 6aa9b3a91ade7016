import { expectProblem, startHarness, type Harness } from './support/gateway-harness';

let h: Harness;
const businessId = '0190a5b4-7c1e-7000-8000-00000000b001';
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.fakes.reset());

const cut = (overrides: Record<string, unknown> = {}) => ({
  name_ja: 'カット',
  name_en: 'Haircut',
  category: 'hair',
  duration_minutes: 60,
  price_amount: 5500,
  ...overrides,
});

describe('POST /v1/businesses/:businessId/services', () => {
  test('When only the required fields are sent, then catalog gets the defaults and the client gets the full service', async () => {
    const answer = await h.request('POST', `/v1/businesses/${businessId}/services`, { body: cut() });

    expect(answer.status).toBe(201);
    expect(answer.headers.get('location')).toBe(`/v1/businesses/${businessId}/services/${answer.body.id}`);
    expect(h.fakes.calls[0]).toMatchObject({ method: 'createService', businessId });
    expect(h.fakes.calls[0]?.request).toEqual({
      businessId,
      nameJa: 'カット',
      nameEn: 'Haircut',
      category: 'hair',
      durationMinutes: 60,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      price: { amount: 5500, currency: '' },
      capacity: 1,
      prepayment: 'none',
      depositAmount: 0,
      descriptionJa: '',
      descriptionEn: '',
    });
    expect(answer.body).toEqual({
      id: expect.any(String),
      business_id: businessId,
      name: 'カット',
      name_ja: 'カット',
      name_en: 'Haircut',
      description: '',
      description_ja: '',
      description_en: '',
      category: 'hair',
      duration_minutes: 60,
      buffer_before_minutes: 0,
      buffer_after_minutes: 0,
      price_amount: 5500,
      currency: 'JPY',
      capacity: 1,
      prepayment: 'none',
      deposit_amount: 0,
      resource_kinds: [],
      staff_ids: [],
      is_active: true,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
  });

  test('When every optional field is sent, then each reaches catalog under its camelCase name', async () => {
    const answer = await h.request('POST', `/v1/businesses/${businessId}/services`, {
      body: cut({
        buffer_before_minutes: 5,
        buffer_after_minutes: 10,
        currency: 'USD',
        capacity: 4,
        prepayment: 'deposit',
        deposit_amount: 1000,
        is_active: false,
      }),
    });

    expect(answer.status).toBe(201);
    expect(h.fakes.calls[0]?.request).toMatchObject({
      bufferBeforeMinutes: 5,
      bufferAfterMinutes: 10,
      price: { amount: 5500, currency: 'USD' },
      capacity: 4,
      prepayment: 'deposit',
      depositAmount: 1000,
      isActive: false,
    });
    expect(answer.body).toMatchObject({ currency: 'USD', capacity: 4, prepayment: 'deposit', deposit_amount: 1000, is_active: false });
  });

  test('When durations, prices and capacity are out of range, then every bad field is listed', async () => {
    const answer = await h.request('POST', `/v1/businesses/${businessId}/services`, {
      body: cut({ duration_minutes: 0, buffer_after_minutes: -5, price_amount: 12.5, capacity: 0, prepayment: 'half' }),
    });

    expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
    expect(answer.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/buffer_after_minutes',
      '/capacity',
      '/duration_minutes',
      '/prepayment',
      '/price_amount',
    ]);
    expect(h.fakes.calls).toHaveLength(0);
  });
});

describe('GET /v1/businesses/:businessId/services/:serviceId', () => {
  test('When a created service is read back, then it matches what create returned', async () => {
    const created = await h.request('POST', `/v1/businesses/${businessId}/services`, { body: cut() });

    const read = await h.request('GET', `/v1/businesses/${businessId}/services/${created.body.id}`);

    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  test('When the service id is not a UUID, then the client gets 404', async () => {
    const answer = await h.request('GET', `/v1/businesses/${businessId}/services/42`);

    expectProblem(answer, 404, 'COMMON.NOT_FOUND');
    expect(answer.body.detail).toBe('Service was not found');
  });
});
