import { randomBytes, randomUUID } from 'node:crypto';
import type { RunningGateway } from '../../services/gateway/src/app';
import { call, startPlatformGateway, type JsonAnswer } from '../support/gateway';
import { startPlatform, type TestPlatform } from '../support/platform';
import { tokyoClock } from '../support/time';

/**
 * A booking's life over HTTP against the real gateway, identity, catalog and booking service: the
 * guest manages their own booking with the manage token; the business's people run the rest; nobody
 * from another business gets anywhere.
 */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const PASSWORD = 'correct horse battery staple';
const at = (day: number, time: string) => `${inDays(day)}T${time}:00+09:00`;
/** Booking answers show times on the business's (Tokyo) clock. */
const instant = (value: string) => tokyoClock(value);
const withoutRequestId = (answer: JsonAnswer) => ({ status: answer.status, body: { ...answer.body, request_id: undefined } });

describe('Booking lifecycle through the gateway', () => {
  let platform: TestPlatform;
  let gateway: RunningGateway;
  const people: Record<'owner' | 'manager' | 'staff' | 'rival', Record<string, string>> = { owner: {}, manager: {}, staff: {}, rival: {} };
  let rivalKey: Record<string, string>;
  let salon: string;
  let cut: string;
  let clinic: string;
  let consultation: string;
  const http = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(gateway.url, method, path, body, headers);
  const bookingsOf = (businessId: string) => `/v1/businesses/${businessId}/bookings`;
  const guestBooks = (businessId: string, serviceId: string, startsAt: string, email = `guest-${randomUUID().slice(0, 8)}@example.jp`) =>
    http('POST', bookingsOf(businessId), { service_id: serviceId, starts_at: startsAt, customer: { name: '鈴木 一郎', email, locale: 'ja' } });

  async function signUp(name: string): Promise<{ auth: Record<string, string>; email: string }> {
    const email = `${name}-${randomUUID().slice(0, 8)}@example.jp`;
    const answer = await http('POST', '/v1/auth/signup', { email, password: PASSWORD, display_name: name });
    expect(answer.status).toBe(201);
    return { auth: { authorization: `Bearer ${answer.body.access_token}` }, email };
  }
  async function business(owner: Record<string, string>, slug: string, policy: Record<string, unknown>): Promise<{ id: string; serviceId: string }> {
    const created = await http(
      'POST',
      '/v1/businesses',
      { slug: `${slug}-${randomUUID().slice(0, 6)}`, display_name_ja: slug, display_name_en: slug, category: 'hair', timezone: 'Asia/Tokyo', policy },
      owner,
    );
    expect(created.status).toBe(201);
    const service = await http(
      'POST',
      `/v1/businesses/${created.body.id}/services`,
      { name_ja: 'カット', name_en: 'Cut', category: 'hair', duration_minutes: 60, price_amount: 6_000 },
      owner,
    );
    expect(service.status).toBe(201);
    return { id: created.body.id, serviceId: service.body.id };
  }

  beforeAll(async () => {
    platform = await startPlatform('booking-lifecycle');
    gateway = await startPlatformGateway(platform, { RATE_LIMIT_ENABLED: 'false', PASSWORD_SCRYPT_LOG_N: '15' });
    const owner = await signUp('owner');
    people.owner = owner.auth;
    ({ id: salon, serviceId: cut } = await business(owner.auth, 'salon', { cancel_cutoff_hours: 24, cancellation_fee_percent: 50 }));
    ({ id: clinic, serviceId: consultation } = await business(owner.auth, 'clinic', { requires_approval: true }));
    for (const role of ['manager', 'staff'] as const) {
      const person = await signUp(role);
      people[role] = person.auth;
      for (const id of [salon, clinic]) {
        expect((await http('POST', `/v1/businesses/${id}/members`, { email: person.email, role }, owner.auth)).status).toBe(201);
      }
    }
    const rival = await signUp('rival');
    people.rival = rival.auth;
    const rivalBusiness = await business(rival.auth, 'rival', {});
    const key = await http('POST', `/v1/businesses/${rivalBusiness.id}/api-keys`, { name: 'rival site' }, rival.auth);
    rivalKey = { authorization: `Bearer ${key.body.key}` };
  });

  afterAll(async () => {
    await gateway?.stop();
    await platform?.stop();
  });

  test('When a guest books, then they alone get a manage_token, with the policy agreed and nothing cancelled', async () => {
    const guest = await guestBooks(salon, cut, at(10, '10:00'));
    const walkIn = await http('POST', bookingsOf(salon), { service_id: cut, starts_at: at(10, '12:00'), customer: { name: 'Walk-in', email: 'walk@example.jp' } }, people.staff);

    expect(guest.status).toBe(201);
    expect(guest.body).toMatchObject({
      status: 'confirmed',
      manage_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      policy: { cancel_cutoff_hours: 24, cancellation_fee_percent: 50, prepayment: 'none', deposit_amount: 0 },
      cancellation: null,
      reschedule_count: 0,
    });
    expect(walkIn.status).toBe(201);
    expect(walkIn.body).not.toHaveProperty('manage_token');
  });

  test('When the guest manages the booking with their token, then they can move and cancel it (no fee before the cut-off)', async () => {
    const booked = await guestBooks(salon, cut, at(11, '10:00'));
    const path = `${bookingsOf(salon)}/${booked.body.id}`;
    const token = { 'x-manage-token': booked.body.manage_token };

    const moved = await http('POST', `${path}/reschedule`, { starts_at: at(11, '14:00') }, token);
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: booked.body.id, starts_at: instant(at(11, '14:00')), reschedule_count: 1, status: 'confirmed' });

    const cancelled = await http('POST', `${path}/cancel`, { reason: '予定が変わりました' }, token);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toEqual({
      booking: expect.objectContaining({
        id: booked.body.id,
        status: 'cancelled',
        cancellation: { cancelled_at: expect.any(String), cancelled_by: 'guest', reason: '予定が変わりました', fee_amount: 0, refund_amount: 0 },
      }),
      fee_amount: 0,
      refund_amount: 0,
      currency: 'JPY',
    });

    const again = await http('POST', `${path}/cancel`, {}, token);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('BOOKING.INVALID_TRANSITION');
    // The freed slot can be booked again.
    expect((await guestBooks(salon, cut, at(11, '14:00'))).status).toBe(201);
  });

  test('When the token is wrong, missing, or used under another business, then it is one and the same 404', async () => {
    const booked = await guestBooks(salon, cut, at(12, '10:00'));
    const path = `${bookingsOf(salon)}/${booked.body.id}`;

    const wrong = await http('POST', `${path}/cancel`, {}, { 'x-manage-token': randomBytes(32).toString('base64url') });
    const missing = await http('POST', `${path}/cancel`, {});
    const elsewhere = await http('POST', `${bookingsOf(clinic)}/${booked.body.id}/cancel`, {}, { 'x-manage-token': booked.body.manage_token });
    const unknown = await http('POST', `${bookingsOf(salon)}/${randomUUID()}/reschedule`, { starts_at: at(12, '15:00') }, { 'x-manage-token': booked.body.manage_token });

    expect(wrong.status).toBe(404);
    expect(wrong.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(wrong.body.code).toBe('BOOKING.MANAGE_TOKEN_INVALID');
    for (const answer of [missing, elsewhere, unknown]) expect(withoutRequestId(answer)).toEqual(withoutRequestId(wrong));
    const read = await http('GET', path, undefined, people.owner);
    expect(read.body).toMatchObject({ status: 'confirmed', cancellation: null });
  });

  test('When a member reschedules, then no token is needed; a taken target leaves the booking where it was', async () => {
    const first = await guestBooks(salon, cut, at(13, '10:00'));
    const second = await guestBooks(salon, cut, at(13, '12:00'));

    const moved = await http('POST', `${bookingsOf(salon)}/${first.body.id}/reschedule`, { starts_at: at(13, '16:00') }, people.staff);
    const clash = await http('POST', `${bookingsOf(salon)}/${second.body.id}/reschedule`, { starts_at: at(13, '16:30') }, people.staff);

    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ starts_at: instant(at(13, '16:00')), reschedule_count: 1 });
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('BOOKING.SLOT_TAKEN');
    const unchanged = await http('GET', `${bookingsOf(salon)}/${second.body.id}`, undefined, people.manager);
    expect(unchanged.body).toMatchObject({ starts_at: instant(at(13, '12:00')), reschedule_count: 0 });
  });

  test('When the business requires approval, then bookings wait for a manager; staff may not approve', async () => {
    const booked = await guestBooks(clinic, consultation, at(14, '10:00'));
    expect(booked.status).toBe(201);
    expect(booked.body.status).toBe('pending_approval');
    const approve = `${bookingsOf(clinic)}/${booked.body.id}/approve`;

    const byStaff = await http('POST', approve, undefined, people.staff);
    const byManager = await http('POST', approve, undefined, people.manager);
    const twice = await http('POST', approve, {}, people.owner);

    expect(byStaff.status).toBe(403);
    expect(byStaff.body.code).toBe('IDENTITY.FORBIDDEN');
    expect(byManager.status).toBe(200);
    expect(byManager.body).toMatchObject({ id: booked.body.id, status: 'confirmed' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('BOOKING.INVALID_TRANSITION');
  });

  test('When a member marks a future booking completed or a no-show, then booking says it has not started', async () => {
    const booked = await guestBooks(salon, cut, at(15, '10:00'));

    for (const action of ['complete', 'no-show']) {
      const answer = await http('POST', `${bookingsOf(salon)}/${booked.body.id}/${action}`, undefined, people.staff);
      expect([action, answer.status, answer.body.code]).toEqual([action, 422, 'BOOKING.NOT_STARTED']);
    }
  });

  test('When a member lists by date range and status, then pages of the filtered bookings follow next_cursor', async () => {
    const ids: string[] = [];
    for (const time of ['09:00', '10:00', '11:00', '13:00', '15:00']) ids.push((await guestBooks(salon, cut, at(40, time))).body.id);
    await guestBooks(salon, cut, at(41, '10:00')); // outside the range
    const cancelled = ids[2]!;
    expect((await http('POST', `${bookingsOf(salon)}/${cancelled}/cancel`, {}, people.owner)).status).toBe(200);
    const day = inDays(40);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `from=${day}&to=${day}&status=confirmed&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await http('GET', `${bookingsOf(salon)}?${query}`, undefined, people.staff);
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      for (const item of page.body.data) expect(item).toMatchObject({ status: 'confirmed', booking_date: day });
      seen.push(...page.body.data.map((item: { id: string }) => item.id));
      cursor = page.body.next_cursor;
      pages++;
    } while (cursor && pages < 10);

    expect(seen).toEqual(ids.filter((id) => id !== cancelled));
    expect(pages).toBe(2);
    const both = await http('GET', `${bookingsOf(salon)}?from=${day}&to=${day}&status=cancelled,confirmed&fields=status`, undefined, people.manager);
    expect(both.body.data).toHaveLength(5);
    expect(both.body.data[2]).toEqual({ id: cancelled, status: 'cancelled' });
    const bad = await http('GET', `${bookingsOf(salon)}?status=lost`, undefined, people.manager);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ pointer: '/query/status', detail: expect.any(String) }]);
  });

  test("When another business's member or API key tries any of it, then every answer is 404 and nothing changes", async () => {
    const booked = await guestBooks(salon, cut, at(16, '10:00'));
    const path = `${bookingsOf(salon)}/${booked.body.id}`;
    const unknownBusiness = await http('GET', `${bookingsOf(randomUUID())}`, undefined, people.rival);

    for (const outsider of [people.rival, rivalKey]) {
      const answers: Record<string, JsonAnswer> = {
        list: await http('GET', bookingsOf(salon), undefined, outsider),
        get: await http('GET', path, undefined, outsider),
        approve: await http('POST', `${path}/approve`, undefined, outsider),
        complete: await http('POST', `${path}/complete`, undefined, outsider),
        noShow: await http('POST', `${path}/no-show`, undefined, outsider),
        cancel: await http('POST', `${path}/cancel`, {}, outsider),
        reschedule: await http('POST', `${path}/reschedule`, { starts_at: at(16, '15:00') }, outsider),
      };
      for (const [name, answer] of Object.entries(answers)) expect([name, answer.status]).toEqual([name, 404]);
      for (const name of ['list', 'get', 'approve', 'complete', 'noShow']) {
        expect([name, withoutRequestId(answers[name]!)]).toEqual([name, withoutRequestId(unknownBusiness)]);
      }
      expect(answers.cancel!.body.code).toBe('BOOKING.MANAGE_TOKEN_INVALID');
      expect(answers.reschedule!.body.code).toBe('BOOKING.MANAGE_TOKEN_INVALID');
    }
    const read = await http('GET', path, undefined, people.owner);
    expect(read.body).toMatchObject({ status: 'confirmed', starts_at: instant(at(16, '10:00')), reschedule_count: 0, cancellation: null });
  });
});
