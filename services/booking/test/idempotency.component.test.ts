import { GrpcClient } from '@omotenashi/grpc';
import { bookingV1, catalogV1 } from '@omotenashi/proto';
import { Client } from 'pg';
import { startPlatform, type TestPlatform } from '../../../tests/support/platform';
import { tokyoTenAm } from '../../../tests/support/time';


describe('Idempotency-Key on booking creation', () => {
  let platform: TestPlatform;
  let booking: GrpcClient<bookingV1.BookingServiceClient>;
  let db: Client;
  let businessId: string;
  let serviceId: string;

  beforeAll(async () => {
    platform = await startPlatform('idem');
    const options = { downstream: 'test', deadlineMs: 5_000 };
    const catalog = new GrpcClient(catalogV1.CatalogServiceClient, platform.env.CATALOG_GRPC_URL, options);
    booking = new GrpcClient(bookingV1.BookingServiceClient, platform.env.BOOKING_GRPC_URL, options);
    const { business } = await catalog.call('createBusiness', catalogV1.CreateBusinessRequest.fromPartial({
      slug: 'idem-studio', displayNameJa: '', displayNameEn: 'Idem Studio', category: 'photo', timezone: 'Asia/Tokyo',
      currency: 'JPY', ownerUserId: '', policy: { minNoticeMinutes: 0 },
    }));
    businessId = business!.id;
    const { service } = await catalog.call('createService', catalogV1.CreateServiceRequest.fromPartial({
      businessId, nameJa: '', nameEn: 'Portrait', category: 'photo', durationMinutes: 30, bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0, price: { amount: 8000, currency: 'JPY' }, capacity: 1, prepayment: 'none', depositAmount: 0, isActive: true,
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

  const request = (startsAt: string, key: string, scope = 'user:alice', email = 'alice@example.com') => ({
    businessId, serviceId, startsAt, staffId: '', partySize: 1, notes: '',
    customer: { name: 'Alice', email, phone: '', locale: 'en' },
    idempotencyKey: key, idempotencyScope: scope,
  });
  const bookingsAt = async (startsAt: string) =>
    Number((await db.query('SELECT count(*) AS n FROM booking.bookings WHERE starts_at = $1', [startsAt])).rows[0].n);

  it('When the same key and request are sent 20 times in a row, then one booking exists and every answer is the first', async () => {
    const startsAt = tokyoTenAm(2);
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await booking.call('createBooking', request(startsAt, 'key-sequential')));
    for (const answer of answers) expect(answer.booking).toEqual(answers[0].booking);
    // The manage token is in the first answer only: the service keeps just its hash.
    expect(answers[0].manageToken).not.toBe('');
    for (const answer of answers.slice(1)) expect(answer.manageToken).toBe('');
    expect(await bookingsAt(startsAt)).toBe(1);
  });

  it('When the same key and request race 30 times, then one booking exists and the others replay it or get IDEMPOTENCY_IN_PROGRESS', async () => {
    const startsAt = tokyoTenAm(3);
    const results = await Promise.allSettled(Array.from({ length: 30 }, () => booking.call('createBooking', request(startsAt, 'key-parallel'))));
    const ok = results.filter((r): r is PromiseFulfilledResult<bookingV1.CreateBookingResponse> => r.status === 'fulfilled');
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const answer of ok) expect(answer.value.booking?.id).toBe(ok[0].value.booking?.id);
    for (const failure of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      expect(failure.reason).toMatchObject({ code: 'BOOKING.IDEMPOTENCY_IN_PROGRESS', kind: 'conflict' });
    }
    expect(await bookingsAt(startsAt)).toBe(1);
  });

  it('When a key is reused with a different request, then the answer is 422 IDEMPOTENCY_KEY_REUSED', async () => {
    await booking.call('createBooking', request(tokyoTenAm(4), 'key-reused'));
    await expect(booking.call('createBooking', request(tokyoTenAm(5), 'key-reused'))).rejects.toMatchObject({
      code: 'BOOKING.IDEMPOTENCY_KEY_REUSED',
      kind: 'unprocessable',
    });
  });

  it("When another caller uses the same key, then it is a separate request and never sees the first caller's booking", async () => {
    const first = await booking.call('createBooking', request(tokyoTenAm(6), 'shared-key', 'user:alice'));
    const second = await booking.call('createBooking', request(`${tokyoTenAm(6).slice(0, 11)}11:00:00+09:00`, 'shared-key', 'user:bob', 'bob@example.com'));
    expect(second.booking?.id).not.toBe(first.booking?.id);
  });

  it('When the first attempt lost the slot, then a retry with the key replays the same 409 even after the slot frees', async () => {
    const startsAt = tokyoTenAm(7);
    await booking.call('createBooking', request(startsAt, 'taken-first', 'user:carol', 'carol@example.com'));
    await expect(booking.call('createBooking', request(startsAt, 'key-loser'))).rejects.toMatchObject({ code: 'BOOKING.SLOT_TAKEN' });
    await db.query(`UPDATE booking.booking_allocations SET active = false`);
    await expect(booking.call('createBooking', request(startsAt, 'key-loser'))).rejects.toMatchObject({ code: 'BOOKING.SLOT_TAKEN' });
  });

  it('When a key has expired, then the same key books anew', async () => {
    const startsAt = tokyoTenAm(8);
    const first = await booking.call('createBooking', request(startsAt, 'key-expiring'));
    await db.query(`UPDATE booking.idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'key-expiring'`);
    await db.query(`UPDATE booking.booking_allocations SET active = false WHERE booking_id = $1`, [first.booking!.id]);
    const again = await booking.call('createBooking', request(startsAt, 'key-expiring'));
    expect(again.booking?.id).not.toBe(first.booking?.id);
  });

  it('When a key is not visible ASCII or too long, then the request is invalid and nothing is stored', async () => {
    await expect(booking.call('createBooking', request(tokyoTenAm(9), 'x'.repeat(256)))).rejects.toMatchObject({ code: 'COMMON.VALIDATION_FAILED' });
    await expect(booking.call('createBooking', request(tokyoTenAm(9), 'has space'))).rejects.toMatchObject({ code: 'COMMON.VALIDATION_FAILED' });
    expect(Number((await db.query(`SELECT count(*) AS n FROM booking.idempotency_keys WHERE key LIKE 'xxx%' OR key = 'has space'`)).rows[0].n)).toBe(0);
  });
});
