import { GrpcClient } from '@omotenashi/grpc';
import { bookingV1 } from '@omotenashi/proto';
import type { RunningGateway } from '../../services/gateway/src/app';
import { call, startPlatformGateway } from '../support/gateway';
import { startPlatform, type TestPlatform } from '../support/platform';

/**
 * Customers and reviews as an app sees them through the gateway: the owner's customer list, a guest's
 * review with the manage token, the public list with its average. The visit is completed over the
 * booking service's CompleteBooking RPC (as the business), since that is not what this test is about.
 */
describe('Customers and reviews through the gateway', () => {
  let platform: TestPlatform;
  let gateway: RunningGateway;
  let booking: GrpcClient<bookingV1.BookingServiceClient>;
  let owner: Record<string, string> = {};
  const http = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(gateway.url, method, path, body, headers);

  beforeAll(async () => {
    platform = await startPlatform('customers-reviews');
    gateway = await startPlatformGateway(platform, { RATE_LIMIT_ENABLED: 'false' });
    booking = new GrpcClient(bookingV1.BookingServiceClient, platform.env.BOOKING_GRPC_URL, { downstream: 'test', deadlineMs: 10_000 });
    const signUp = await http('POST', '/v1/auth/signup', { email: 'owner@sakura.example', password: 'correct horse battery staple', display_name: 'Owner' });
    owner = { authorization: `Bearer ${signUp.body.access_token}` };
  });

  afterAll(async () => {
    booking?.close();
    await gateway?.stop();
    await platform?.stop();
  });

  it('When a guest has visited, then the owner sees them as a customer, the guest reviews with the token, and the public sees the average', async () => {
    const business = await http(
      'POST',
      '/v1/businesses',
      { slug: 'sakura-salon', display_name_ja: 'さくらサロン', display_name_en: 'Sakura Salon', category: 'hair', timezone: 'Asia/Tokyo', policy: { min_notice_minutes: 0 } },
      owner,
    );
    expect(business.status).toBe(201);
    const businessId = business.body.id;
    const service = await http(
      'POST',
      `/v1/businesses/${businessId}/services`,
      { name_ja: 'カット', name_en: 'Cut', category: 'hair', duration_minutes: 30, price_amount: 4_400, currency: 'JPY' },
      owner,
    );
    const startsAt = new Date(Math.ceil((Date.now() + 3_000) / 1000) * 1000).toISOString();
    const guest = await http('POST', `/v1/businesses/${businessId}/bookings`, {
      service_id: service.body.id,
      starts_at: startsAt,
      customer: { name: '佐藤 美咲', email: 'misaki@example.jp', locale: 'ja' },
    });
    expect(guest.status).toBe(201);
    const token = guest.body.manage_token;
    const reviewPath = `/v1/businesses/${businessId}/bookings/${guest.body.id}/review`;

    expect((await http('POST', reviewPath, { rating: 5 }, { 'x-manage-token': token })).body).toMatchObject({ status: 422, code: 'REVIEW.BOOKING_NOT_COMPLETED' });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, new Date(startsAt).getTime() - Date.now() + 100)));
    await booking.call('completeBooking', { businessId, bookingId: guest.body.id, actor: { kind: 'business', id: 'e2e-owner', manageToken: '' } });

    const customers = await http('GET', `/v1/businesses/${businessId}/customers?q=misaki&fields=name,visit_count`, undefined, owner);
    expect(customers.status).toBe(200);
    expect(customers.body).toEqual({ data: [{ id: guest.body.customer_id, name: '佐藤 美咲', visit_count: 1 }], next_cursor: null });
    expect((await http('GET', `/v1/businesses/${businessId}/customers`)).status).toBe(401);

    expect((await http('POST', reviewPath, { rating: 5 }, owner)).body).toMatchObject({ status: 403, code: 'REVIEW.BUSINESS_CANNOT_REVIEW' });
    expect((await http('POST', reviewPath, { rating: 5 }, { 'x-manage-token': 'not-the-token' })).status).toBe(404);
    expect((await http('POST', reviewPath, { rating: 9, extra: true }, { 'x-manage-token': token })).status).toBe(400);
    const review = await http('POST', reviewPath, { rating: 4, comment: 'とても丁寧でした' }, { 'x-manage-token': token });
    expect(review.status).toBe(201);
    expect(review.body).toMatchObject({ booking_id: guest.body.id, rating: 4, comment: 'とても丁寧でした', is_visible: true, reply: null });
    expect(review.body).not.toHaveProperty('customer_id');
    expect((await http('POST', reviewPath, { rating: 1 }, { 'x-manage-token': token })).body).toMatchObject({ status: 409, code: 'REVIEW.ALREADY_REVIEWED' });

    const replied = await http('PATCH', `/v1/businesses/${businessId}/reviews/${review.body.id}`, { reply: 'ありがとうございました' }, owner);
    expect(replied.body).toMatchObject({ reply: 'ありがとうございました', replied_at: expect.any(String), customer_id: guest.body.customer_id });
    const publicList = await http('GET', `/v1/businesses/${businessId}/reviews`);
    expect(publicList.status).toBe(200);
    expect(publicList.body).toMatchObject({ average_rating: 4, review_count: 1, next_cursor: null, data: [{ id: review.body.id, reply: 'ありがとうございました' }] });

    expect((await http('PATCH', `/v1/businesses/${businessId}/reviews/${review.body.id}`, { is_visible: false }, owner)).status).toBe(200);
    expect((await http('GET', `/v1/businesses/${businessId}/reviews`)).body).toEqual({ data: [], next_cursor: null, average_rating: null, review_count: 0 });
    expect((await http('GET', `/v1/businesses/${businessId}/reviews?include_hidden=true`)).status).toBe(401);
    const hidden = await http('GET', `/v1/businesses/${businessId}/reviews?include_hidden=true`, undefined, owner);
    expect(hidden.body).toMatchObject({ review_count: 1, data: [{ id: review.body.id, is_visible: false }] });

    const customerPath = `/v1/businesses/${businessId}/customers/${guest.body.customer_id}`;
    expect((await http('PATCH', customerPath, { name_kana: 'サトウ ミサキ', notes: 'VIP' }, owner)).body).toMatchObject({ name_kana: 'サトウ ミサキ', notes: 'VIP' });
    expect((await http('DELETE', `${customerPath}?erase=true`, undefined, owner)).status).toBe(204);
    expect((await http('GET', customerPath, undefined, owner)).status).toBe(404);
    expect((await http('GET', `/v1/businesses/${businessId}/bookings/${guest.body.id}`, undefined, owner)).body).toMatchObject({ price_amount: 4_400, currency: 'JPY' });
  });
});
