import { bookingV1 } from '@omotenashi/proto';
import { Client } from 'pg';
import { listBookingsQuery } from '../../src/data-access/booking-list.query';
import { checkListRequest, type ListRequest } from '../../src/domain/booking-list';
import { guest, LifecycleHarness, OWNER, tokyoAt } from './lifecycle.harness';

describe('ListBookings over gRPC', () => {
  let h: LifecycleHarness;
  let businessId: string;
  /** Everything booked, in the order the list must give: (starts_at, id). */
  let all: bookingV1.Booking[];
  let hanako: string;
  let taro: string;

  beforeAll(async () => {
    h = await LifecycleHarness.start('list');
    businessId = await h.business();
    const cut = await h.service(businessId);
    const yoga = await h.service(businessId, { capacity: 3 });
    const made = [
      await h.book(businessId, cut, tokyoAt(2), 'hanako@example.jp'),
      await h.book(businessId, cut, tokyoAt(3), 'taro@example.jp'),
      // Two at the same instant: the keyset's id breaks the tie, across a page boundary below.
      await h.book(businessId, yoga, tokyoAt(4, '18:00'), 'hanako@example.jp'),
      await h.book(businessId, yoga, tokyoAt(4, '18:00'), 'taro@example.jp'),
      await h.book(businessId, cut, tokyoAt(5), 'hanako@example.jp'),
      await h.book(businessId, cut, tokyoAt(6), 'taro@example.jp'),
      await h.book(businessId, cut, tokyoAt(7), 'hanako@example.jp'),
    ];
    for (const { booking } of [made[4], made[5]]) {
      await h.booking.call('cancelBooking', bookingV1.CancelBookingRequest.fromPartial({ businessId, bookingId: booking.id, actor: OWNER }));
    }
    hanako = made[0].booking.customerId;
    taro = made[1].booking.customerId;
    // Another business's booking never shows.
    const elsewhere = await h.business();
    await h.book(elsewhere, await h.service(elsewhere), tokyoAt(3), 'hanako@example.jp');

    all = await Promise.all(made.map(async ({ booking }) => (await h.booking.call('getBooking', { businessId, bookingId: booking.id })).booking!));
    all.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
  });

  afterAll(async () => {
    await h?.stop();
  });

  const list = (query: Partial<bookingV1.ListBookingsRequest> = {}) =>
    h.booking.call('listBookings', bookingV1.ListBookingsRequest.fromPartial({ businessId, actor: OWNER, ...query }));
  const idsOf = (bookings: bookingV1.Booking[]) => bookings.map((b) => b.id);

  it('When the business pages through with limit 3, then three pages give every booking once, in start order', async () => {
    const first = await list({ limit: 3 });
    const second = await list({ limit: 3, cursor: first.nextCursor });
    const third = await list({ limit: 3, cursor: second.nextCursor });
    expect([first, second, third].map((page) => page.bookings.length)).toEqual([3, 3, 1]);
    expect(first.nextCursor).not.toBe('');
    expect(second.nextCursor).not.toBe('');
    expect(third.nextCursor).toBe('');
    expect(idsOf([...first.bookings, ...second.bookings, ...third.bookings])).toEqual(idsOf(all));
    expect(third.bookings[0]).toEqual(all[6]);
  });

  it('When filters are given, then only matching bookings come back', async () => {
    expect(idsOf((await list({ statuses: ['cancelled'] })).bookings)).toEqual(idsOf(all.filter((b) => b.status === 'cancelled')));
    expect((await list({ statuses: ['cancelled'] })).bookings).toHaveLength(2);
    expect(idsOf((await list({ customerId: hanako })).bookings)).toEqual(idsOf(all.filter((b) => b.customerId === hanako)));
    expect(idsOf((await list({ customerId: taro, statuses: ['confirmed'] })).bookings)).toEqual(
      idsOf(all.filter((b) => b.customerId === taro && b.status === 'confirmed')),
    );
    const from = tokyoAt(3).slice(0, 10);
    const to = tokyoAt(5).slice(0, 10);
    const inRange = all.filter((b) => b.bookingDate >= from && b.bookingDate <= to);
    expect(inRange).toHaveLength(4);
    expect(idsOf((await list({ from, to })).bookings)).toEqual(idsOf(inRange));
    expect(await list({ from: tokyoAt(60).slice(0, 10) })).toEqual({ bookings: [], nextCursor: '' });
  });

  it('When the query is bad, then every bad field is named', async () => {
    await expect(list({ limit: 101, cursor: 'not-a-cursor', from: 'tomorrow', statuses: ['lost'], customerId: 'hanako' })).rejects.toMatchObject({
      code: 'COMMON.VALIDATION_FAILED',
      fields: expect.arrayContaining(['/query/limit', '/query/cursor', '/query/from', '/query/status', '/query/customer_id'].map(
        (pointer) => expect.objectContaining({ pointer }),
      )),
    });
    await expect(list({ from: '2026-05-02', to: '2026-05-01' })).rejects.toMatchObject({ fields: [expect.objectContaining({ pointer: '/query/to' })] });
  });

  it('When a guest asks for the list, then ACTION_NOT_ALLOWED', async () => {
    await expect(list({ actor: guest('any-token') })).rejects.toMatchObject({ code: 'BOOKING.ACTION_NOT_ALLOWED', kind: 'permission_denied' });
  });

  it('When the list query is planned without sequential scans, then it reads idx_bookings_business_date', async () => {
    const db = new Client({ connectionString: h.platform.infra.databaseUrl });
    await db.connect();
    try {
      // A plan on a handful of rows without statistics says nothing: give the table 50 other tenants'
      // worth of bookings (5000), then statistics, as production would have.
      const { rows: [one] } = await db.query('SELECT service_id, customer_id FROM booking.bookings LIMIT 1');
      await db.query(
        `INSERT INTO booking.bookings (id, business_id, service_id, customer_id, status, starts_at, ends_at, booking_date, price_amount, currency, policy_snapshot, cancelled_at)
         SELECT gen_random_uuid(), ('00000000-0000-7000-8000-' || lpad((g % 50)::text, 12, '0'))::uuid, $1, $2,
                (ARRAY['confirmed', 'cancelled', 'completed'])[1 + g % 3], t, t + interval '1 hour', (t AT TIME ZONE 'Asia/Tokyo')::date, 1000, 'JPY', '{}',
                CASE WHEN g % 3 = 1 THEN now() END
         FROM generate_series(1, 5000) AS g, LATERAL (SELECT now() + g * interval '1 hour' AS t) AS x`,
        [one.service_id, one.customer_id],
      );
      await db.query('ANALYZE booking.bookings');
      await db.query('SET enable_seqscan = off');
      await db.query('SET search_path = booking, public');
      const request: ListRequest = { businessId, from: tokyoAt(2).slice(0, 10), to: tokyoAt(30).slice(0, 10), statuses: [], customerId: '', limit: 20, cursor: '' };
      const second = await list({ limit: 2 });
      for (const variant of [request, { ...request, statuses: ['confirmed'] }, { ...request, from: '', to: '', cursor: second.nextCursor }]) {
        const { text, values } = listBookingsQuery(checkListRequest(variant));
        const { rows } = await db.query(`EXPLAIN ${text}`, values);
        const plan = rows.map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN']).join('\n');
        expect(plan).toContain('idx_bookings_business_date');
      }
    } finally {
      await db.end();
    }
  });
});
