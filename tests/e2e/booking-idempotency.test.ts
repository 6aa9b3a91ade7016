import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { RunningGateway } from '../../services/gateway/src/app';
import { call, startPlatformGateway, type JsonAnswer } from '../support/gateway';
import { startPlatform, type TestPlatform } from '../support/platform';

/**
 * Idempotency-Key over HTTP against the real gateway, booking service and Postgres
 * (reliability-practices §2): a retry gets the first answer, never a second booking.
 */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const PASSWORD = 'correct horse battery staple';

describe('Idempotency-Key on POST /v1/businesses/{businessId}/bookings', () => {
  let platform: TestPlatform;
  let gateway: RunningGateway;
  let owner: Record<string, string>;
  let businessId: string;
  let serviceId: string;
  let day = 30;
  const http = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(gateway.url, method, path, body, headers);
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  /** A new slot per test, so tests never compete for one. */
  const nextSlot = () => `${inDays(day++)}T10:00:00+09:00`;
  const bookingBody = (startsAt: string, email = 'aoi@example.jp') => ({ service_id: serviceId, starts_at: startsAt, customer: { name: '青井 葵', email } });
  const book = (body: unknown, key: string, headers: Record<string, string> = {}) =>
    http('POST', `/v1/businesses/${businessId}/bookings`, body, { 'idempotency-key': key, ...headers });

  async function bookingsAt(startsAt: string): Promise<string[]> {
    const db = new Client({ connectionString: platform.infra.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query(`SELECT id FROM booking.bookings WHERE business_id = $1 AND starts_at = $2 ORDER BY created_at`, [businessId, startsAt]);
      return rows.map((row: { id: string }) => row.id);
    } finally {
      await db.end();
    }
  }
  const withoutRequestId = (answer: JsonAnswer) => ({ status: answer.status, body: { ...answer.body, request_id: undefined } });

  beforeAll(async () => {
    platform = await startPlatform('booking-idempotency', { GRPC_DEADLINE_MS: '15000' });
    gateway = await startPlatformGateway(platform, {
      RATE_LIMIT_ANONYMOUS: '100000/60s',
      RATE_LIMIT_USER: '100000/60s',
      RATE_LIMIT_AUTH: '100000/60s',
      BOOKING_DEADLINE_MS: '20000',
      PASSWORD_SCRYPT_LOG_N: '15',
    });
    const signUp = await http('POST', '/v1/auth/signup', { email: 'owner@idem.example.jp', password: PASSWORD, display_name: 'Owner' });
    owner = as(signUp.body.access_token);
    const business = await http(
      'POST',
      '/v1/businesses',
      { slug: 'idem-salon', display_name_ja: '冪等サロン', display_name_en: 'Idem Salon', category: 'hair', timezone: 'Asia/Tokyo' },
      owner,
    );
    businessId = business.body.id;
    const service = await http(
      'POST',
      `/v1/businesses/${businessId}/services`,
      { name_ja: 'カット', name_en: 'Cut', category: 'hair', duration_minutes: 60, price_amount: 5_500 },
      owner,
    );
    expect(service.status).toBe(201);
    serviceId = service.body.id;
  });

  afterAll(async () => {
    await gateway?.stop();
    await platform?.stop();
  });

  test('When a guest sends the same key and body 20 times, then every answer is the first 201 and one booking exists', async () => {
    const startsAt = nextSlot();
    const key = randomUUID();

    const first = await book(bookingBody(startsAt), key);
    const retries: JsonAnswer[] = [];
    for (let i = 0; i < 20; i++) retries.push(await book(bookingBody(startsAt), key));

    expect(first.status).toBe(201);
    expect(first.body.manage_token).toEqual(expect.any(String));
    const { manage_token: _token, ...firstBooking } = first.body;
    for (const retry of retries) {
      expect(retry.status).toBe(201);
      // The token is shown once; the replay is otherwise the same booking.
      expect(retry.body).toEqual(firstBooking);
      expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    }
    expect(await bookingsAt(startsAt)).toEqual([first.body.id]);
  });

  test('When the same key comes with another body, then 422 BOOKING.IDEMPOTENCY_KEY_REUSED and nothing is booked', async () => {
    const startsAt = nextSlot();
    const other = nextSlot();
    const key = randomUUID();
    expect((await book(bookingBody(startsAt), key)).status).toBe(201);

    const reused = await book(bookingBody(other), key);

    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(reused.body).toMatchObject({ status: 422, code: 'BOOKING.IDEMPOTENCY_KEY_REUSED' });
    expect(await bookingsAt(other)).toEqual([]);
  });

  test('When 20 duplicates arrive at once, then one booking is made and each answer is it or 409 BOOKING.IDEMPOTENCY_IN_PROGRESS', async () => {
    const startsAt = nextSlot();
    const key = randomUUID();

    const answers = await Promise.all(Array.from({ length: 20 }, () => book(bookingBody(startsAt), key)));

    const created = answers.filter((a) => a.status === 201);
    const inFlight = answers.filter((a) => a.status === 409);
    expect(created.length + inFlight.length).toBe(20);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.body.id)).size).toBe(1);
    for (const answer of inFlight) {
      expect(answer.body).toMatchObject({ code: 'BOOKING.IDEMPOTENCY_IN_PROGRESS' });
      expect(answer.headers.get('retry-after')).toBe('1');
    }
    expect(await bookingsAt(startsAt)).toEqual([created[0]!.body.id]);
    // Once the first has finished, a retry is its replay.
    const retry = await book(bookingBody(startsAt), key);
    expect(retry).toMatchObject({ status: 201, body: { id: created[0]!.body.id } });
  });

  test('When the first answer was a 409 problem, then a retry gets that problem again, even once the slot is free', async () => {
    const startsAt = nextSlot();
    const taken = await http('POST', `/v1/businesses/${businessId}/bookings`, bookingBody(startsAt, 'first@example.jp'), owner);
    const key = randomUUID();
    const loser = await book(bookingBody(startsAt), key);
    expect(loser.body.code).toBe('BOOKING.SLOT_TAKEN');
    expect((await http('POST', `/v1/businesses/${businessId}/bookings/${taken.body.id}/cancel`, {}, owner)).status).toBe(200);

    const retry = await book(bookingBody(startsAt), key);

    expect(withoutRequestId(retry)).toEqual(withoutRequestId(loser));
    expect(await bookingsAt(startsAt)).toEqual([taken.body.id]);
  });

  test('When a guest and a member of the business use the same key, then their requests are separate', async () => {
    const [guestSlot, memberSlot] = [nextSlot(), nextSlot()];
    const key = `shared-${randomUUID()}`;

    const guest = await book(bookingBody(guestSlot), key);
    const member = await book(bookingBody(memberSlot, 'walk-in@example.jp'), key, owner);

    expect([guest.status, member.status]).toEqual([201, 201]);
    expect(member.body.id).not.toBe(guest.body.id);
    expect(member.body).not.toHaveProperty('manage_token');
    expect((await book(bookingBody(guestSlot), key)).body.id).toBe(guest.body.id);
    expect((await book(bookingBody(memberSlot, 'walk-in@example.jp'), key, owner)).body.id).toBe(member.body.id);
  });

  test('When two signed-in customers use the same key for different bookings, then neither sees the other', async () => {
    const [first, second] = await Promise.all(
      ['kei', 'mio'].map(async (name) => {
        const signUp = await http('POST', '/v1/auth/signup', { email: `${name}-${randomUUID().slice(0, 8)}@example.jp`, password: PASSWORD, display_name: name });
        expect(signUp.status).toBe(201);
        return as(signUp.body.access_token);
      }),
    );
    const [firstSlot, secondSlot] = [nextSlot(), nextSlot()];
    const key = 'my-very-first-booking';

    const a = await book(bookingBody(firstSlot, 'kei@example.jp'), key, first);
    const b = await book(bookingBody(secondSlot, 'mio@example.jp'), key, second);

    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).not.toBe(b.body.id);
    // Customers who are not the business's own are guests: each gets their own token.
    expect([typeof a.body.manage_token, typeof b.body.manage_token]).toEqual(['string', 'string']);
    expect(await bookingsAt(secondSlot)).toEqual([b.body.id]);
  });

  test('When the key is not 1–255 visible ASCII characters, then 400 at /headers/idempotency-key', async () => {
    const answer = await book(bookingBody(nextSlot()), 'x'.repeat(256));

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ pointer: '/headers/idempotency-key', detail: expect.any(String) }]);
  });
});
