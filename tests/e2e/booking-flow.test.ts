import { eventually } from '@omotenashi/testkit';
import { Client } from 'pg';
import type { RunningGateway } from '../../services/gateway/src/app';
import { call, startPlatformGateway } from '../support/gateway';
import { startPlatform, type TestPlatform } from '../support/platform';

/** A date `days` from now, as YYYY-MM-DD (UTC). */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('A booking across every layer: gateway → catalog/booking over gRPC → outbox → NATS → analytics', () => {
  let platform: TestPlatform;
  let gateway: RunningGateway;
  let owner: Record<string, string> = {};
  const http = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    call(gateway.url, method, path, body, { ...owner, ...headers });

  beforeAll(async () => {
    platform = await startPlatform('e2e');
    gateway = await startPlatformGateway(platform);
    // The app acts for the businesses' owner, who signs up first (creating a business needs a person).
    const signUp = await http('POST', '/v1/auth/signup', { email: 'owner@hanami.example', password: 'correct horse battery staple', display_name: 'Owner' });
    owner = { authorization: `Bearer ${signUp.body.access_token}` };
  });

  afterAll(async () => {
    await gateway?.stop();
    await platform?.stop();
  });

  it('When an app creates a business, a service and a booking, then it reads the booking back and analytics has counted it', async () => {
    const business = await http('POST', '/v1/businesses', {
      slug: 'hanami-nails',
      display_name_ja: 'はなみネイル',
      display_name_en: 'Hanami Nails',
      category: 'nail',
      timezone: 'Asia/Tokyo',
    });
    expect(business.status).toBe(201);
    const businessId = business.body.id;

    const service = await http('POST', `/v1/businesses/${businessId}/services`, {
      name_ja: 'ジェルネイル',
      name_en: 'Gel nails',
      category: 'nail',
      duration_minutes: 90,
      price_amount: 7700,
      currency: 'JPY',
    });
    expect(service.status).toBe(201);

    const day = inDays(10);
    const requestId = 'e2e-walking-skeleton-1';
    const created = await http(
      'POST',
      `/v1/businesses/${businessId}/bookings`,
      {
        service_id: service.body.id,
        starts_at: `${day}T14:00:00+09:00`,
        customer: { name: '佐藤 美咲', email: 'misaki@example.jp', locale: 'ja' },
      },
      { 'x-request-id': requestId },
    );
    expect(created.status).toBe(201);
    expect(created.headers.get('x-request-id')).toBe(requestId);
    expect(created.body).toMatchObject({
      status: 'confirmed',
      booking_date: day,
      price_amount: 7700,
      currency: 'JPY',
      starts_at: `${day}T14:00:00+09:00`,
      ends_at: `${day}T15:30:00+09:00`,
    });

    const read = await http('GET', `/v1/businesses/${businessId}/bookings/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: created.body.id, status: 'confirmed', customer_id: created.body.customer_id });

    const stats = await eventually(async () => {
      const answer = await http('GET', `/v1/businesses/${businessId}/analytics/daily?from=${day}&to=${day}`);
      return answer.body.data?.length ? answer.body : undefined;
    });
    expect(stats.data).toEqual([{ date: day, bookings_created: 1, revenue_amount: 7700, currency: 'JPY' }]);

    // The event carried the request id from the HTTP call through the outbox.
    const db = new Client({ connectionString: platform.infra.databaseUrl });
    await db.connect();
    const { rows } = await db.query(`SELECT headers FROM booking.outbox WHERE subject = 'booking.booking.created'`);
    await db.end();
    expect(rows.map((r) => r.headers['x-request-id'])).toContain(requestId);
  });

  it('When the same slot is booked twice, then the second answer is a 409 problem with BOOKING.SLOT_TAKEN', async () => {
    const business = await http('POST', '/v1/businesses', { slug: 'kyoto-tea', display_name_ja: '京都茶道教室', display_name_en: 'Kyoto Tea Lessons', category: 'lesson', timezone: 'Asia/Tokyo' });
    const service = await http('POST', `/v1/businesses/${business.body.id}/services`, {
      name_ja: '茶道体験', name_en: 'Tea ceremony', category: 'lesson', duration_minutes: 60, price_amount: 3000, currency: 'JPY',
    });
    const body = { service_id: service.body.id, starts_at: `${inDays(12)}T10:00:00+09:00`, customer: { name: 'Alex', email: 'alex@example.com' } };
    expect((await http('POST', `/v1/businesses/${business.body.id}/bookings`, body)).status).toBe(201);
    const second = await http('POST', `/v1/businesses/${business.body.id}/bookings`, { ...body, customer: { name: 'Sam', email: 'sam@example.com' } });
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(second.body).toMatchObject({ status: 409, code: 'BOOKING.SLOT_TAKEN', request_id: expect.any(String) });
  });
});
