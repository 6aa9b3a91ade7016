import { randomUUID } from 'node:crypto';
import { AppError } from '@omotenashi/errors';
import { bookingV1 } from '@omotenashi/proto';
import { addMember, createBusiness, signUp, withoutRequestId, type Person } from './identity/support/people';
import { expectProblem, startHarness, type Harness } from './support/gateway-harness';

let h: Harness;
const businessId = '0190a5b4-7c1e-7000-8000-00000000b002';
const serviceId = '0190a5b4-7c1e-7000-8000-00000000c001';
const staffId = '0190a5b4-7c1e-7000-8000-00000000d001';
const bookings = `/v1/businesses/${businessId}/bookings`;
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
const lastCall = (method: string) => h.fakes.calls.filter((call) => call.method === method).at(-1)?.request;
/** A booking made by an anonymous guest: its id and the token the guest got. */
async function guestBooking(overrides: Record<string, unknown> = {}): Promise<{ id: string; token: string }> {
  const answer = await h.request('POST', bookings, { anonymous: true, body: booking(overrides) });
  expect(answer.status).toBe(201);
  return { id: answer.body.id, token: answer.body.manage_token };
}

describe('POST /v1/businesses/:businessId/bookings', () => {
  test('When a member books with every field, then booking gets them in camelCase and the client gets snake_case', async () => {
    const answer = await h.request('POST', bookings, {
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
      idempotencyKey: '',
      idempotencyScope: `user:${h.caller.userId}`,
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
      policy: { cancel_cutoff_hours: 24, reschedule_cutoff_hours: 24, cancellation_fee_percent: 50, refund_percent: 100, prepayment: 'none', deposit_amount: 0 },
      cancellation: null,
      reschedule_count: 0,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(answer.headers.get('location')).toBe(`${bookings}/${answer.body.id}`);
  });

  test('When a guest books, then only they get the manage_token, and nothing else about it', async () => {
    const guest = await h.request('POST', bookings, { anonymous: true, body: booking() });
    const member = await h.request('POST', bookings, { body: booking() });

    expect(guest.status).toBe(201);
    expect(guest.body.manage_token).toEqual(expect.any(String));
    expect(member.body).not.toHaveProperty('manage_token');
    expect(Object.keys(guest.body).filter((key) => /token|hash/.test(key))).toEqual(['manage_token']);
  });

  test("When an account that is not the business's own books, then it is a guest and gets the token", async () => {
    const stranger = await signUp(h, 'stranger');

    const answer = await h.request('POST', bookings, { headers: stranger.auth, body: booking() });

    expect(answer.body.manage_token).toEqual(expect.any(String));
    expect(lastCall('createBooking')).toMatchObject({ idempotencyScope: `user:${stranger.userId}` });
  });

  test('When booking replays an idempotent request (its answer has no token), then the body has no manage_token', async () => {
    h.fakes.override('booking', 'createBooking', async () =>
      bookingV1.CreateBookingResponse.fromPartial({
        booking: { id: randomUUID(), businessId, serviceId, status: 'confirmed', startsAt: '2026-04-01T01:00:00.000Z', policy: { prepayment: 'none' } },
        manageToken: '',
      }),
    );

    const replay = await h.request('POST', bookings, { anonymous: true, body: booking(), headers: { 'idempotency-key': 'again' } });

    expect(replay.status).toBe(201);
    expect(replay.body).not.toHaveProperty('manage_token');
  });

  test('When an Idempotency-Key is sent, then booking gets it with the caller it belongs to', async () => {
    await h.request('POST', bookings, { anonymous: true, body: booking(), headers: { 'idempotency-key': 'order-1234' } });
    expect(lastCall('createBooking')).toMatchObject({ idempotencyKey: 'order-1234', idempotencyScope: 'guest:127.0.0.1' });

    await h.request('POST', bookings, { body: booking(), headers: { 'idempotency-key': 'order-1234' } });
    expect(lastCall('createBooking')).toMatchObject({ idempotencyKey: 'order-1234', idempotencyScope: `user:${h.caller.userId}` });
  });

  test('When the Idempotency-Key is too long or has spaces, then 400 points at the header and booking is not asked', async () => {
    for (const key of ['x'.repeat(256), 'has space']) {
      const answer = await h.request('POST', bookings, { anonymous: true, body: booking(), headers: { 'idempotency-key': key } });

      expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
      expect(answer.body.errors).toEqual([{ pointer: '/headers/idempotency-key', detail: expect.any(String) }]);
    }
    expect(h.fakes.calls).toHaveLength(0);
  });

  test('When booking says the key is in flight or reused, then its 409 (with Retry-After) and 422 pass through', async () => {
    h.fakes.override('booking', 'createBooking', async () => {
      throw new AppError('BOOKING.IDEMPOTENCY_IN_PROGRESS', 'still processing', { kind: 'conflict', retryAfterSeconds: 1 });
    });
    const inFlight = await h.request('POST', bookings, { anonymous: true, body: booking(), headers: { 'idempotency-key': 'k1' } });
    expectProblem(inFlight, 409, 'BOOKING.IDEMPOTENCY_IN_PROGRESS');
    expect(inFlight.headers.get('retry-after')).toBe('1');

    h.fakes.override('booking', 'createBooking', async () => {
      throw new AppError('BOOKING.IDEMPOTENCY_KEY_REUSED', 'different request', { kind: 'unprocessable' });
    });
    expectProblem(await h.request('POST', bookings, { anonymous: true, body: booking(), headers: { 'idempotency-key': 'k1' } }), 422, 'BOOKING.IDEMPOTENCY_KEY_REUSED');
  });

  test('When optional fields are left out, then booking gets empty values and the client gets nulls', async () => {
    const answer = await h.request('POST', bookings, { body: booking() });

    expect(answer.status).toBe(201);
    expect(h.fakes.calls[0]?.request).toMatchObject({ staffId: '', partySize: 1, notes: '', customer: { phone: '', locale: '' } });
    expect(answer.body).toMatchObject({ staff_id: null, notes: null, hold_expires_at: null, party_size: 1 });
  });

  test('When the client sends an x-request-id, then the same id comes back and reaches booking with the business id', async () => {
    const answer = await h.request('POST', bookings, { body: booking(), headers: { 'x-request-id': 'app-7f3a9c' } });

    expect(answer.headers.get('x-request-id')).toBe('app-7f3a9c');
    expect(h.fakes.calls[0]).toMatchObject({ requestId: 'app-7f3a9c', businessId });
    const lines = h.logs.filter((line) => line.request_id === 'app-7f3a9c');
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'request completed', status_code: 201, business_id: businessId }));
  });

  test('When the client sends no or an unsafe x-request-id, then a fresh UUID is used everywhere', async () => {
    const answer = await h.request('POST', bookings, { body: booking(), headers: { 'x-request-id': 'evil id" with spaces' } });

    const id = answer.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(h.fakes.calls[0]?.requestId).toBe(id);
  });

  test('When starts_at has no offset, the email is bad and a customer field is unknown, then all are listed with pointers', async () => {
    const answer = await h.request('POST', bookings, {
      body: booking({ starts_at: '2026-04-01T10:00:00', party_size: '2', customer: { email: 'not-an-email', nickname: 'hana' } }),
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

    expectProblem(await h.request('POST', bookings, { body: booking() }), 409, 'BOOKING.SLOT_TAKEN');
  });
});

describe('GET /v1/businesses/:businessId/bookings/:bookingId', () => {
  test('When a booking is read back, then it matches what create returned', async () => {
    const created = await h.request('POST', bookings, { body: booking() });

    const read = await h.request('GET', `${bookings}/${created.body.id}`);

    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    expect(h.fakes.calls.at(-1)?.request).toEqual({ businessId, bookingId: created.body.id });
  });

  test("When the booking belongs to another business, then booking's 404 passes through", async () => {
    const created = await h.request('POST', bookings, { body: booking() });
    const otherBusiness = '0190a5b4-7c1e-7000-8000-00000000b999';

    expectProblem(await h.request('GET', `/v1/businesses/${otherBusiness}/bookings/${created.body.id}`), 404, 'BOOKING.BOOKING.NOT_FOUND');
  });

  test('When a guest without an account asks for a booking, then 401: reading is for the business', async () => {
    const { id } = await guestBooking();

    expectProblem(await h.request('GET', `${bookings}/${id}`, { anonymous: true }), 401, 'IDENTITY.UNAUTHENTICATED');
  });
});

describe('GET /v1/businesses/:businessId/bookings', () => {
  test('When a member lists with filters, then booking gets them (status as a list) and the member as the actor', async () => {
    const customerId = randomUUID();

    const answer = await h.request('GET', `${bookings}?from=2026-04-01&to=2026-04-30&status=confirmed,pending_approval&customer_id=${customerId}`);

    expect(answer.status).toBe(200);
    expect(lastCall('listBookings')).toEqual({
      businessId,
      actor: { kind: 'business', id: h.caller.userId, manageToken: '' },
      from: '2026-04-01',
      to: '2026-04-30',
      statuses: ['confirmed', 'pending_approval'],
      customerId,
      limit: 20,
      cursor: '',
    });
  });

  test('When there are more bookings than the limit, then pages follow an opaque next_cursor to the end', async () => {
    const list = `/v1/businesses/${randomUUID()}/bookings`;
    for (const hour of [10, 11, 12]) {
      await h.request('POST', list, { body: booking({ starts_at: `2026-05-01T${hour}:00:00+09:00` }) });
    }

    const first = await h.request('GET', `${list}?limit=2`);
    const second = await h.request('GET', `${list}?limit=2&cursor=${encodeURIComponent(first.body.next_cursor)}`);

    expect(first.body.data.map((b: { starts_at: string }) => b.starts_at)).toEqual(['2026-05-01T10:00:00+09:00', '2026-05-01T11:00:00+09:00']);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    expect(first.body.next_cursor).not.toBe('2'); // booking's own token is wrapped and signed
    expect(lastCall('listBookings')).toMatchObject({ limit: 2, cursor: '2' });
    expect(second.body).toEqual({ data: [expect.objectContaining({ starts_at: '2026-05-01T12:00:00+09:00' })], next_cursor: null });
  });

  test('When fields= names some fields, then each booking has only those (and its id)', async () => {
    const list = `/v1/businesses/${randomUUID()}/bookings`;
    await h.request('POST', list, { body: booking() });

    const answer = await h.request('GET', `${list}?fields=status,starts_at`);

    expect(answer.body).toEqual({ data: [{ id: expect.any(String), status: 'confirmed', starts_at: '2026-04-01T10:00:00+09:00' }], next_cursor: null });
  });

  test('When the query is wrong (limit, field, cursor, status, unknown parameter), then 400 lists each and booking is not asked', async () => {
    const answer = await h.request('GET', `${bookings}?limit=101&fields=secret&status=Confirmed&from=April&customer=me`);
    expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
    expect(answer.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/query/customer', '/query/from', '/query/limit', '/query/status']);

    expectProblem(await h.request('GET', `${bookings}?cursor=forged`), 400, 'COMMON.VALIDATION_FAILED');
    expectProblem(await h.request('GET', `${bookings}?fields=secret`), 400, 'COMMON.VALIDATION_FAILED');
    expect(h.fakes.calls.filter((call) => call.method === 'listBookings')).toHaveLength(0);
  });

  test("When a cursor of another business's list is sent, then it is refused", async () => {
    const other = `/v1/businesses/${randomUUID()}/bookings`;
    for (const hour of [10, 11]) await h.request('POST', other, { body: booking({ starts_at: `2026-05-01T${hour}:00:00+09:00` }) });
    const cursor = (await h.request('GET', `${other}?limit=1`)).body.next_cursor;

    const answer = await h.request('GET', `${bookings}?cursor=${encodeURIComponent(cursor)}`);

    expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
    expect(answer.body.errors).toEqual([{ pointer: '/query/cursor', detail: expect.any(String) }]);
  });

  test('When nobody is signed in, then listing is 401', async () => {
    expectProblem(await h.request('GET', bookings, { anonymous: true }), 401, 'IDENTITY.UNAUTHENTICATED');
  });
});

describe('POST /v1/businesses/:businessId/bookings/:bookingId/cancel', () => {
  test('When the guest cancels with their token and a reason, then booking hears from a guest and the client sees what it cost', async () => {
    const { id, token } = await guestBooking();

    const answer = await h.request('POST', `${bookings}/${id}/cancel`, { anonymous: true, headers: { 'x-manage-token': token }, body: { reason: '体調不良' } });

    expect(answer.status).toBe(200);
    expect(lastCall('cancelBooking')).toEqual({
      businessId,
      bookingId: id,
      actor: { kind: 'guest', id: '', manageToken: token },
      reason: '体調不良',
      expectedStatus: '',
    });
    expect(answer.body).toEqual({
      booking: expect.objectContaining({
        id,
        status: 'cancelled',
        cancellation: { cancelled_at: expect.any(String), cancelled_by: 'guest', reason: '体調不良', fee_amount: 0, refund_amount: 0 },
      }),
      fee_amount: 0,
      refund_amount: 0,
      currency: 'JPY',
    });
  });

  test('When a guest sends no token, then it is the same 404 as a wrong one, and booking is not asked', async () => {
    const { id } = await guestBooking();
    h.fakes.reset();

    const none = await h.request('POST', `${bookings}/${id}/cancel`, { anonymous: true });
    const calls = h.fakes.calls.length;
    const wrong = await h.request('POST', `${bookings}/${id}/cancel`, { anonymous: true, headers: { 'x-manage-token': 'not-the-token' } });

    expectProblem(none, 404, 'BOOKING.MANAGE_TOKEN_INVALID');
    expect(calls).toBe(0);
    expectProblem(wrong, 404, 'BOOKING.MANAGE_TOKEN_INVALID');
    expect(withoutRequestId(none.body)).toEqual(withoutRequestId(wrong.body));
  });

  test("When a member cancels, then they act for the business with their user id, without a token or a body", async () => {
    const { id } = await guestBooking();

    const answer = await h.request('POST', `${bookings}/${id}/cancel`);

    expect(answer.status).toBe(200);
    expect(lastCall('cancelBooking')).toMatchObject({ actor: { kind: 'business', id: h.caller.userId, manageToken: '' }, reason: '' });
    expect(answer.body.booking.cancellation).toMatchObject({ cancelled_by: 'business', reason: null });
  });

  test("When an API key of the business cancels, then it acts for the business with the key's id", async () => {
    const { id } = await guestBooking();
    const key = await h.request('POST', `/v1/businesses/${businessId}/api-keys`, { body: { name: 'front desk' } });
    expect(key.status).toBe(201);

    const answer = await h.request('POST', `${bookings}/${id}/cancel`, { headers: { authorization: `Bearer ${key.body.key}` }, body: {} });

    expect(answer.status).toBe(200);
    expect(lastCall('cancelBooking')).toMatchObject({ actor: { kind: 'business', id: key.body.id } });
  });

  test('When an account of another business tries without a token, then it is a guest and gets the 404', async () => {
    const { id } = await guestBooking();
    const outsider = await signUp(h, 'outsider');

    expectProblem(await h.request('POST', `${bookings}/${id}/cancel`, { headers: outsider.auth }), 404, 'BOOKING.MANAGE_TOKEN_INVALID');
  });

  test('When the body has an unknown field or a reason too long, then 400', async () => {
    const { id, token } = await guestBooking();
    const answer = await h.request('POST', `${bookings}/${id}/cancel`, {
      anonymous: true,
      headers: { 'x-manage-token': token },
      body: { reason: 'x'.repeat(501), refund: 'all' },
    });

    expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
    expect(answer.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/reason', '/refund']);
  });

  test('When booking refuses the transition, then its 409 passes through', async () => {
    const { id, token } = await guestBooking();
    const headers = { 'x-manage-token': token };
    await h.request('POST', `${bookings}/${id}/cancel`, { anonymous: true, headers });

    expectProblem(await h.request('POST', `${bookings}/${id}/cancel`, { anonymous: true, headers }), 409, 'BOOKING.INVALID_TRANSITION');
  });
});

describe('POST /v1/businesses/:businessId/bookings/:bookingId/reschedule', () => {
  test('When the guest moves their booking, then booking gets the new start and the booking comes back moved', async () => {
    const { id, token } = await guestBooking();

    const answer = await h.request('POST', `${bookings}/${id}/reschedule`, {
      anonymous: true,
      headers: { 'x-manage-token': token },
      body: { starts_at: '2026-04-02T15:00:00+09:00' },
    });

    expect(answer.status).toBe(200);
    expect(lastCall('rescheduleBooking')).toEqual({ businessId, bookingId: id, actor: { kind: 'guest', id: '', manageToken: token }, startsAt: '2026-04-02T15:00:00+09:00' });
    expect(answer.body).toMatchObject({ id, starts_at: '2026-04-02T06:00:00.000Z', reschedule_count: 1 });
  });

  test('When a member moves a booking, then they need no token; without starts_at it is 400', async () => {
    const { id } = await guestBooking();

    expect((await h.request('POST', `${bookings}/${id}/reschedule`, { body: { starts_at: '2026-04-03T10:00:00+09:00' } })).status).toBe(200);
    expect(lastCall('rescheduleBooking')).toMatchObject({ actor: { kind: 'business', id: h.caller.userId } });
    const missing = await h.request('POST', `${bookings}/${id}/reschedule`, { body: {} });
    expectProblem(missing, 400, 'COMMON.VALIDATION_FAILED');
    expect(missing.body.errors).toEqual([{ pointer: '/starts_at', detail: 'is required' }]);
  });

  test('When a guest has no token, then 404 and booking is not asked', async () => {
    const { id } = await guestBooking();
    h.fakes.reset();

    const answer = await h.request('POST', `${bookings}/${id}/reschedule`, { anonymous: true, body: { starts_at: '2026-04-03T10:00:00+09:00' } });

    expectProblem(answer, 404, 'BOOKING.MANAGE_TOKEN_INVALID');
    expect(h.fakes.calls).toHaveLength(0);
  });
});

describe('approve, complete and no-show', () => {
  let owner: Person;
  let staff: Person;
  let ownBusiness: string;
  const path = (id: string, action: string) => `/v1/businesses/${ownBusiness}/bookings/${id}/${action}`;
  const book = async () => (await h.request('POST', `/v1/businesses/${ownBusiness}/bookings`, { anonymous: true, body: booking() })).body.id as string;
  beforeAll(async () => {
    owner = await signUp(h, 'owner');
    staff = await signUp(h, 'staff');
    ownBusiness = await createBusiness(h, owner);
    await addMember(h, ownBusiness, owner, staff, 'staff');
  });

  test.each([
    ['approve', 'approveBooking', 'confirmed'],
    ['complete', 'completeBooking', 'completed'],
    ['no-show', 'markNoShow', 'no_show'],
  ])('When the owner posts %s with no body, then booking hears it from the owner', async (action, method, status) => {
    const id = await book();

    const answer = await h.request('POST', path(id, action), { headers: owner.auth });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id, status });
    expect(lastCall(method)).toEqual({ businessId: ownBusiness, bookingId: id, actor: { kind: 'business', id: owner.userId, manageToken: '' } });
  });

  test('When staff record a visit, then they may; approving is for managers (403)', async () => {
    const id = await book();

    expect((await h.request('POST', path(id, 'complete'), { headers: staff.auth, body: {} })).status).toBe(200);
    expectProblem(await h.request('POST', path(id, 'approve'), { headers: staff.auth }), 403, 'IDENTITY.FORBIDDEN');
  });

  test('When the body is not empty, then 400; when nobody is signed in, 401; a guest token is no help', async () => {
    const id = await book();

    const extra = await h.request('POST', path(id, 'approve'), { headers: owner.auth, body: { note: 'ok' } });
    expectProblem(extra, 400, 'COMMON.VALIDATION_FAILED');
    expect(extra.body.errors).toEqual([{ pointer: '/note', detail: 'is not a known field' }]);
    expectProblem(await h.request('POST', path(id, 'no-show'), { anonymous: true, headers: { 'x-manage-token': 'any' } }), 401, 'IDENTITY.UNAUTHENTICATED');
  });

  test("When another business's member posts an action, then it is the 404 of an unknown business", async () => {
    const id = await book();
    const outsider = await signUp(h, 'other-owner');
    await createBusiness(h, outsider);

    for (const action of ['approve', 'complete', 'no-show']) {
      expectProblem(await h.request('POST', path(id, action), { headers: outsider.auth }), 404, 'COMMON.NOT_FOUND');
    }
  });
});
