import { AppError } from '@omotenashi/errors';
import { expectProblem, startHarness, type Harness } from './support/gateway-harness';

let h: Harness;
const businessId = '0190a5b4-7c1e-7000-8000-00000000b002';
const serviceId = '0190a5b4-7c1e-7000-8000-00000000c001';
const staffId = '0190a5b4-7c1e-7000-8000-00000000d001';
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.fakes.reset());

const booking = (overrides: Record<string, unknown> = {}) => ({
  service_id: serviceId,
  starts_at: '2026-04-01T10:00:00+09:00',
  customer: { name: '山田 花子', email: 'hanako@example.jp' },
  ...overrides,
});

describe('POST /v1/businesses/:businessId/bookings', () => {
  test('When a guest books with every field, then booking gets them in camelCase and the client gets snake_case', async () => {
    const answer = await h.request('POST', `/v1/businesses/${businessId}/bookings`, {
      body: booking({
        staff_id: staffId,
        party_size: 2,
        customer: { name: '山田 花子', email: 'hanako@example.jp', phone: '+81 90-1234-5678', locale: 'ja' },
        notes: '窓際の席',
      }),
    });

    expect(answer.status).toBe(201);
    expect(h.fakes.calls[0]?.request).toEqual({
      businessId,
      serviceId,
      startsAt: '2026-04-01T10:00:00+09:00',
      staffId,
      partySize: 2,
      customer: { name: '山田 花子', email: 'hanako@example.jp', phone: '+81 90-1234-5678', locale: 'ja' },
      notes: '窓際の席',
    });
    expect(answer.body).toEqual({
      id: expect.any(String),
      business_id: businessId,
      service_id: serviceId,
      customer_id: expect.any(String),
      status: 'confirmed',
      starts_at: '2026-04-01T10:00:00+09:00',
      ends_at: '2026-04-01T02:00:00.000Z',
      booking_date: '2026-04-01',
      staff_id: staffId,
      resource_ids: [expect.any(String)],
      party_size: 2,
      price_amount: 5500,
      currency: 'JPY',
      hold_expires_at: null,
      notes: '窓際の席',
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(answer.headers.get('location')).toBe(`/v1/businesses/${businessId}/bookings/${answer.body.id}`);
  });

  test('When optional fields are left out, then booking gets empty values and the client gets nulls', async () => {
    const answer = await h.request('POST', `/v1/businesses/${businessId}/bookings`, { body: booking() });

    expect(answer.status).toBe(201);
    expect(h.fakes.calls[0]?.request).toMatchObject({ staffId: '', partySize: 1, notes: '', customer: { phone: '', locale: '' } });
    expect(answer.body).toMatchObject({ staff_id: null, notes: null, hold_expires_at: null, party_size: 1 });
  });

  test('When the client sends an x-request-id, then the same id comes back and reaches booking with the business id', async () => {
    const answer = await h.request('POST', `/v1/businesses/${businessId}/bookings`, {
      body: booking(),
      headers: { 'x-request-id': 'app-7f3a9c' },
    });

    expect(answer.headers.get('x-request-id')).toBe('app-7f3a9c');
    expect(h.fakes.calls[0]).toMatchObject({ requestId: 'app-7f3a9c', businessId });
    const lines = h.logs.filter((line) => line.request_id === 'app-7f3a9c');
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'request completed', status_code: 201, business_id: businessId }));
  });

  test('When the client sends no or an unsafe x-request-id, then a fresh UUID is used everywhere', async () => {
    const answer = await h.request('POST', `/v1/businesses/${businessId}/bookings`, {
      body: booking(),
      headers: { 'x-request-id': 'evil id" with spaces' },
    });

    const id = answer.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(h.fakes.calls[0]?.requestId).toBe(id);
  });

  test('When starts_at has no offset, the email is bad and a customer field is unknown, then all are listed with pointers', async () => {
    const answer = await h.request('POST', `/v1/businesses/${businessId}/bookings`, {
      body: booking({
        starts_at: '2026-04-01T10:00:00',
        party_size: '2',
        customer: { email: 'not-an-email', nickname: 'hana' },
      }),
    });

    expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
    expect(answer.body.errors).toEqual(
      expect.arrayContaining([
        { pointer: '/starts_at', detail: expect.stringContaining('RFC 3339') },
        { pointer: '/party_size', detail: 'must be integer' },
        { pointer: '/customer/name', detail: 'is required' },
        { pointer: '/customer/email', detail: 'must be an email address' },
        { pointer: '/customer/nickname', detail: 'is not a known field' },
      ]),
    );
    expect(answer.body.errors).toHaveLength(5);
    expect(h.fakes.calls).toHaveLength(0);
  });

  test('When booking says the slot is taken, then the client gets 409 with BOOKING.SLOT_TAKEN', async () => {
    h.fakes.override('booking', 'createBooking', async () => {
      throw new AppError('BOOKING.SLOT_TAKEN', 'That time was just booked by someone else', { kind: 'conflict' });
    });

    const answer = await h.request('POST', `/v1/businesses/${businessId}/bookings`, { body: booking() });

    expectProblem(answer, 409, 'BOOKING.SLOT_TAKEN');
  });
});

describe('GET /v1/businesses/:businessId/bookings/:bookingId', () => {
  test('When a booking is read back, then it matches what create returned', async () => {
    const created = await h.request('POST', `/v1/businesses/${businessId}/bookings`, { body: booking() });

    const read = await h.request('GET', `/v1/businesses/${businessId}/bookings/${created.body.id}`);

    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    expect(h.fakes.calls.at(-1)?.request).toEqual({ businessId, bookingId: created.body.id });
  });

  test('When the booking belongs to another business, then booking\'s 404 passes through', async () => {
    const created = await h.request('POST', `/v1/businesses/${businessId}/bookings`, { body: booking() });
    const otherBusiness = '0190a5b4-7c1e-7000-8000-00000000b999';

    const read = await h.request('GET', `/v1/businesses/${otherBusiness}/bookings/${created.body.id}`);

    expectProblem(read, 404, 'BOOKING.BOOKING.NOT_FOUND');
  });
});
