import { GrpcClient } from '@omotenashi/grpc';
import { bookingEventsV1, bookingV1, catalogV1 } from '@omotenashi/proto';
import { eventually } from '@omotenashi/testkit';
import Redis from 'ioredis';
import { Client } from 'pg';
import { startPlatform, type TestPlatform } from '../../../tests/support/platform';
import { tokyoTenAm } from '../../../tests/support/time';


describe('Holds expire and free their slot', () => {
  let platform: TestPlatform;
  let booking: GrpcClient<bookingV1.BookingServiceClient>;
  let db: Client;
  let businessId: string;
  let serviceId: string;

  beforeAll(async () => {
    // Holds last 2 s; the sweep runs often enough to be the backstop within a test's patience.
    platform = await startPlatform('holds', { HOLD_TTL_SECONDS: '2', HOLD_SWEEP_INTERVAL_MS: '1500' });
    const options = { downstream: 'test', deadlineMs: 5_000 };
    const catalog = new GrpcClient(catalogV1.CatalogServiceClient, platform.env.CATALOG_GRPC_URL, options);
    booking = new GrpcClient(bookingV1.BookingServiceClient, platform.env.BOOKING_GRPC_URL, options);
    const { business } = await catalog.call('createBusiness', catalogV1.CreateBusinessRequest.fromPartial({
      slug: 'prepaid-spa', displayNameEn: 'Prepaid Spa', category: 'spa', timezone: 'Asia/Tokyo', policy: { minNoticeMinutes: 0 },
    }));
    businessId = business!.id;
    const { service } = await catalog.call('createService', catalogV1.CreateServiceRequest.fromPartial({
      businessId, nameEn: 'Massage', category: 'spa', durationMinutes: 60, price: { amount: 12000, currency: 'JPY' },
      capacity: 1, prepayment: 'full',
    }));
    serviceId = service!.id;
    catalog.close();
    db = new Client({ connectionString: platform.infra.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    booking?.close();
    await db?.end();
    await platform?.stop();
  });

  const book = (startsAt: string, email: string) =>
    booking.call('createBooking', bookingV1.CreateBookingRequest.fromPartial({
      businessId, serviceId, startsAt, partySize: 1, customer: { name: 'Guest', email },
    }));
  const statusOf = async (id: string) => (await booking.call('getBooking', { businessId, bookingId: id })).booking?.status;

  it('When a prepaid booking is not paid in time, then it expires, its slot is bookable again and booking.booking.expired is written', async () => {
    const startsAt = tokyoTenAm(3);
    const { booking: held } = await book(startsAt, 'first@example.jp');
    expect(held).toMatchObject({ status: 'held', holdExpiresAt: expect.any(String) });
    await expect(book(startsAt, 'second@example.jp')).rejects.toMatchObject({ code: 'BOOKING.SLOT_TAKEN' });

    await eventually(async () => (await statusOf(held!.id)) === 'expired', 15_000);
    const { booking: next } = await book(startsAt, 'second@example.jp');
    expect(next?.status).toBe('held');
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM booking.outbox WHERE subject = 'booking.booking.expired'`);
    expect(rows[0].n).toBeGreaterThanOrEqual(1);
  });

  it('When a hold expires, then its expired event names its Tokyo date and a cached answer for that date offers the slot again at once', async () => {
    const startsAt = tokyoTenAm(5);
    const date = startsAt.slice(0, 10);
    const starts = async () => (await booking.call('getAvailability', { businessId, serviceId, date, days: 1, staffId: '', partySize: 1 })).slots.map((s) => Date.parse(s.startsAt));
    const { booking: held } = await book(startsAt, 'cached@example.jp');
    // Cached for 60 s: only an invalidation can bring the slot back within this test's patience.
    expect(await starts()).not.toContain(Date.parse(startsAt));
    expect(await starts()).not.toContain(Date.parse(startsAt));

    await eventually(async () => (await statusOf(held!.id)) === 'expired', 15_000);
    await eventually(async () => (await starts()).includes(Date.parse(startsAt)), 5_000);
    const { rows } = await db.query(`SELECT payload FROM booking.outbox WHERE subject = 'booking.booking.expired' AND business_id = $1`, [businessId]);
    const expired = rows.map((row: { payload: Buffer }) => bookingEventsV1.BookingExpired.decode(row.payload)).find((e) => e.bookingId === held!.id);
    expect(expired).toMatchObject({ bookingId: held!.id, businessId, serviceId, bookingDate: date });
  });

  it('When the expiry job is lost, then the sweep still expires the hold', async () => {
    const { booking: held } = await book(tokyoTenAm(4), 'lost@example.jp');
    // Lose the delayed job: remove it from BullMQ's delayed set and delete its hash.
    const redisPrefix = `${platform.infra.redisKeyPrefix}:booking:bull`;
    const redis = new Redis(platform.infra.redisUrl);
    await eventually(async () => (await redis.exists(`${redisPrefix}:holds:hold-${held!.id}`)) === 1);
    await redis.del(`${redisPrefix}:holds:hold-${held!.id}`);
    await redis.zrem(`${redisPrefix}:holds:delayed`, `hold-${held!.id}`);
    redis.disconnect();
    await eventually(async () => (await statusOf(held!.id)) === 'expired', 15_000);
  });

  it('When a hold has expired, then no active allocation of it remains', async () => {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM booking.booking_allocations a JOIN booking.bookings b ON b.id = a.booking_id
       WHERE b.status = 'expired' AND a.active`,
    );
    expect(rows[0].n).toBe(0);
  });
});
