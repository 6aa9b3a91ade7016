import { GrpcClient } from '@omotenashi/grpc';
import { analyticsV1, bookingV1, catalogV1 } from '@omotenashi/proto';
import { eventually } from '@omotenashi/testkit';
import { Client } from 'pg';
import { startPlatform, type TestPlatform } from '../../../tests/support/platform';
import { tokyoTenAm } from '../../../tests/support/time';
import { tokyoClock } from '../../../tests/support/time';

const HOUR = 3_600_000;

describe('Booking over gRPC, with catalog and analytics', () => {
  let platform: TestPlatform;
  let catalog: GrpcClient<catalogV1.CatalogServiceClient>;
  let booking: GrpcClient<bookingV1.BookingServiceClient>;
  let analytics: GrpcClient<analyticsV1.AnalyticsServiceClient>;
  let businessId: string;
  let serviceId: string;

  beforeAll(async () => {
    platform = await startPlatform('booking');
    const options = { downstream: 'test', deadlineMs: 5_000 };
    catalog = new GrpcClient(catalogV1.CatalogServiceClient, platform.env.CATALOG_GRPC_URL, options);
    booking = new GrpcClient(bookingV1.BookingServiceClient, platform.env.BOOKING_GRPC_URL, options);
    analytics = new GrpcClient(analyticsV1.AnalyticsServiceClient, platform.env.ANALYTICS_GRPC_URL, options);
    const { business } = await catalog.call('createBusiness', catalogV1.CreateBusinessRequest.fromPartial({
      slug: 'sakura-salon',
      displayNameJa: 'サクラ美容室',
      displayNameEn: 'Sakura Salon',
      category: 'hair',
      timezone: 'Asia/Tokyo',
      currency: 'JPY',
      ownerUserId: '',
      policy: undefined,
    }));
    businessId = business!.id;
    const { service } = await catalog.call('createService', catalogV1.CreateServiceRequest.fromPartial({
      businessId,
      nameJa: 'カット',
      nameEn: 'Cut',
      category: 'hair',
      durationMinutes: 60,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 15,
      price: { amount: 5500, currency: 'JPY' },
      capacity: 1,
      prepayment: 'none',
      depositAmount: 0,
      isActive: true,
    }));
    serviceId = service!.id;
  });

  afterAll(async () => {
    for (const client of [catalog, booking, analytics]) client?.close();
    await platform?.stop();
  });

  const request = (startsAt: string, email = 'hanako@example.jp') => bookingV1.CreateBookingRequest.fromPartial({
    businessId,
    serviceId,
    startsAt,
    staffId: '',
    partySize: 1,
    customer: { name: '山田 花子', email, phone: '', locale: 'ja' },
    notes: '',
  });

  it('When a guest books a free slot, then the booking is confirmed with the service price and Tokyo date', async () => {
    const startsAt = tokyoTenAm(3);
    const { booking: created } = await booking.call('createBooking', request(startsAt));
    expect(created).toMatchObject({
      businessId,
      serviceId,
      status: 'confirmed',
      priceAmount: 5500,
      currency: 'JPY',
      bookingDate: startsAt.slice(0, 10),
      startsAt: tokyoClock(startsAt),
      endsAt: tokyoClock(new Date(startsAt).getTime() + HOUR),
    });
    const { booking: read } = await booking.call('getBooking', { businessId, bookingId: created!.id });
    expect(read).toEqual(created);
  });

  it('When the booking is created, then analytics counts it once on its local date', async () => {
    const startsAt = tokyoTenAm(5);
    await booking.call('createBooking', request(startsAt, 'taro@example.jp'));
    const date = startsAt.slice(0, 10);
    const days = await eventually(async () => {
      const { days } = await analytics.call('getDailyStats', { businessId, from: date, to: date });
      return days.length ? days : undefined;
    });
    expect(days).toEqual([{ date, bookingsCreated: 1, revenueAmount: 5500, currency: 'JPY' }]);
  });

  it('When a slot or its buffer is taken, then an overlapping booking is refused with BOOKING.SLOT_TAKEN', async () => {
    const startsAt = tokyoTenAm(7);
    await booking.call('createBooking', request(startsAt));
    // 11:00 falls inside the first booking's 15-minute buffer after.
    const overlapping = startsAt.replace('T10:00', 'T11:00');
    await expect(booking.call('createBooking', request(overlapping, 'other@example.jp'))).rejects.toMatchObject({
      code: 'BOOKING.SLOT_TAKEN',
      kind: 'conflict',
    });
    // 11:15 is free again.
    const after = await booking.call('createBooking', request(startsAt.replace('T10:00', 'T11:15'), 'other@example.jp'));
    expect(after.booking?.status).toBe('confirmed');
  });

  it('When 20 requests race for one slot, then exactly one wins and the database holds no overlap', async () => {
    const startsAt = tokyoTenAm(9);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => booking.call('createBooking', request(startsAt, `racer${i}@example.jp`))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const result of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      expect(result.reason).toMatchObject({ code: 'BOOKING.SLOT_TAKEN' });
    }
    const db = new Client({ connectionString: platform.infra.databaseUrl });
    await db.connect();
    const { rows } = await db.query(
      `SELECT count(*)::int AS overlaps FROM booking.booking_allocations a JOIN booking.booking_allocations b
         ON a.subject_id = b.subject_id AND a.id < b.id AND a.period && b.period WHERE a.active AND b.active AND a.exclusive`,
    );
    await db.end();
    expect(rows[0].overlaps).toBe(0);
  });

  it('When the business or service belongs to someone else or does not exist, then the answer is not found', async () => {
    const unknown = '0190a0a0-0000-7000-8000-000000000000';
    await expect(booking.call('createBooking', { ...request(tokyoTenAm(4)), serviceId: unknown })).rejects.toMatchObject({
      kind: 'not_found',
    });
    await expect(booking.call('getBooking', { businessId: unknown, bookingId: unknown })).rejects.toMatchObject({
      code: 'BOOKING.NOT_FOUND',
    });
  });

  it('When the request has several bad fields, then every one is named', async () => {
    const bad = { ...request('tomorrow at ten'), customer: { name: '', email: 'not-an-email', phone: '', locale: 'fr' } };
    await expect(booking.call('createBooking', bad)).rejects.toMatchObject({
      code: 'COMMON.VALIDATION_FAILED',
      fields: expect.arrayContaining([
        expect.objectContaining({ pointer: '/starts_at' }),
        expect.objectContaining({ pointer: '/customer/name' }),
        expect.objectContaining({ pointer: '/customer/email' }),
        expect.objectContaining({ pointer: '/customer/locale' }),
      ]),
    });
  });

  it('When the catalog changes the service after bookings were judged on the remembered calendar, then the next bookings see the change', async () => {
    // The first booking fills the booking server's calendar memory; the rest must not be judged on it once the catalog has changed.
    const first = await booking.call('createBooking', request(tokyoTenAm(11)));
    expect(first.booking?.priceAmount).toBe(5500);

    await catalog.call('updateService', catalogV1.UpdateServiceRequest.fromPartial({ businessId, serviceId, priceAmount: 6600 }));
    let day = 12;
    await eventually(async () => {
      const { booking: next } = await booking.call('createBooking', request(tokyoTenAm(day++)));
      return next?.priceAmount === 6600;
    }, 10_000, 200);

    await catalog.call('updateService', catalogV1.UpdateServiceRequest.fromPartial({ businessId, serviceId, isActive: false }));
    try {
      await eventually(async () => {
        const refused = await booking.call('createBooking', request(tokyoTenAm(day++))).then(() => undefined, (error: unknown) => error);
        return (refused as { code?: string } | undefined)?.code === 'BOOKING.SERVICE_INACTIVE';
      }, 10_000, 200);
    } finally {
      await catalog.call('updateService', catalogV1.UpdateServiceRequest.fromPartial({ businessId, serviceId, isActive: true, priceAmount: 5500 }));
    }
  });
});
