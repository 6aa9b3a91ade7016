import { japaneseHolidaysBetween } from '../../services/catalog/src/domain/holidays';
import type { RunningGateway } from '../../services/gateway/src/app';
import { call, startPlatformGateway } from '../support/gateway';
import { startPlatform, type TestPlatform } from '../support/platform';

const DAY = 86_400_000;
const tokyoDate = (offset: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date(Date.now() + offset * DAY));
const holidays = new Set(japaneseHolidaysBetween(tokyoDate(3), tokyoDate(300)).map((h) => h.date));
/** Ordinary days (no national holiday) from three days on, and the next holiday. */
const [day, closed, classDay] = Array.from({ length: 30 }, (_, i) => tokyoDate(i + 3)).filter((d) => !holidays.has(d)) as [string, string, string];
const holiday = [...holidays].sort()[0]!;
const at = (date: string, time: string) => `${date}T${time}:00+09:00`;

/**
 * A salon sets up its week, a closure, two stylists, one chair and a yoga class over HTTP; customers
 * then read free slots anonymously and book them, and the slots they see follow every booking.
 */
describe('Availability through the gateway', () => {
  let platform: TestPlatform;
  let gateway: RunningGateway;
  let owner: Record<string, string>;
  let businessId: string;
  let cut: string;
  let yoga: string;
  let chair: string;
  const stylists: string[] = [];
  const http = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => call(gateway.url, method, path, body, headers);
  const asOwner = (method: string, path: string, body?: unknown) => http(method, path, body, owner);
  const slots = (query: string) => http('GET', `/v1/businesses/${businessId}/availability?${query}`);
  const book = (service: string, startsAt: string, extra: Record<string, unknown> = {}) =>
    http('POST', `/v1/businesses/${businessId}/bookings`, { service_id: service, starts_at: startsAt, customer: { name: '佐藤 美咲', email: `guest${Math.random()}@example.jp` }, ...extra });

  beforeAll(async () => {
    platform = await startPlatform('availability-e2e');
    gateway = await startPlatformGateway(platform, { JWT_SECRET: 'availability-e2e-jwt-secret-0123456789abcdef', PASSWORD_SCRYPT_LOG_N: '15' });
    const signUp = await http('POST', '/v1/auth/signup', { email: 'owner@hikari.example.jp', password: 'correct horse battery staple', display_name: 'Owner' });
    owner = { authorization: `Bearer ${signUp.body.access_token}` };
    const business = await asOwner('POST', '/v1/businesses', {
      slug: 'hikari-salon', display_name_ja: 'ひかり美容室', display_name_en: 'Hikari Salon', category: 'hair', timezone: 'Asia/Tokyo',
      policy: { min_notice_minutes: 0, booking_horizon_days: 365, slot_interval_minutes: 60 },
    });
    businessId = business.body.id;
    const weekly = [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [{ weekday, opens: '10:00', closes: '13:00' }, { weekday, opens: '14:00', closes: '17:00' }]);
    expect((await asOwner('PUT', `/v1/businesses/${businessId}/hours`, { weekly, closed_on_national_holidays: true })).status).toBe(200);
    expect((await asOwner('POST', `/v1/businesses/${businessId}/closures`, { from: closed, to: closed, reason: '研修' })).status).toBe(201);
    chair = (await asOwner('POST', `/v1/businesses/${businessId}/resources`, { kind: 'chair', name_ja: '1番席', name_en: 'Chair 1' })).body.id;
    const studio = await asOwner('POST', `/v1/businesses/${businessId}/resources`, { kind: 'studio', name_ja: 'スタジオ', name_en: 'Studio', capacity: 8 });
    for (const name of ['aoi', 'ren']) stylists.push((await asOwner('POST', `/v1/businesses/${businessId}/staff`, { email: `${name}@hikari.example.jp`, display_name: name })).body.id);
    const service = await asOwner('POST', `/v1/businesses/${businessId}/services`, {
      name_ja: 'カット', name_en: 'Cut', category: 'hair', duration_minutes: 60, price_amount: 5500, resource_kinds: ['chair'], staff_ids: stylists,
    });
    cut = service.body.id;
    const classService = await asOwner('POST', `/v1/businesses/${businessId}/services`, {
      name_ja: 'ヨガ', name_en: 'Yoga', category: 'fitness', duration_minutes: 60, price_amount: 2000, capacity: 8, resource_kinds: ['studio'],
    });
    yoga = classService.body.id;
    expect([service.status, classService.status, studio.status]).toEqual([201, 201, 201]);
  });

  afterAll(async () => {
    await gateway?.stop();
    await platform?.stop();
  });

  it('When anyone asks for a day, then the hours minus lunch come back in Tokyo time with both stylists and the chair', async () => {
    const answer = await slots(`service_id=${cut}&date=${day}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('public, max-age=30');
    expect(answer.body.slots.map((s: { starts_at: string }) => s.starts_at)).toEqual(['10:00', '11:00', '12:00', '14:00', '15:00', '16:00'].map((t) => at(day, t)));
    expect(answer.body.slots[0]).toEqual({ starts_at: at(day, '10:00'), ends_at: at(day, '11:00'), staff_ids: stylists, resource_ids: [chair], remaining: 1 });
    for (const date of [closed, holiday]) expect((await slots(`service_id=${cut}&date=${date}`)).body).toEqual({ slots: [] });
  });

  it('When a guest books a listed slot, then a stylist and the chair are taken and the slot is no longer listed', async () => {
    const created = await book(cut, at(day, '11:00'));
    expect(created.status).toBe(201);
    expect(stylists).toContain(created.body.staff_id);
    expect(created.body.resource_ids).toEqual([chair]);
    const after = await slots(`service_id=${cut}&date=${day}`);
    expect(after.body.slots.map((s: { starts_at: string }) => s.starts_at.slice(11, 16))).toEqual(['10:00', '12:00', '14:00', '15:00', '16:00']);
    const again = await book(cut, at(day, '11:00'));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'BOOKING.SLOT_TAKEN' });
  });

  it('When many keep asking for a day while a slot of it is booked, then no answer asked for after the 201 lists that slot', async () => {
    const query = `service_id=${cut}&date=${classDay}`;
    let booked = false;
    let askedAfter = 0;
    const stale: string[] = [];
    // Identical questions at the same moment share gRPC calls in the gateway: none may be older than its
    // request. Asked as the owner, whose rate limit (600/min) leaves the anonymous one to the other tests.
    const askers = Array.from({ length: 6 }, async () => {
      for (let round = 0; round < 10; round++) {
        const afterBooking = booked;
        const answer = await http('GET', `/v1/businesses/${businessId}/availability?${query}`, undefined, owner);
        expect(answer.status).toBe(200);
        const times = answer.body.slots.map((s: { starts_at: string }) => s.starts_at.slice(11, 16));
        if (afterBooking) askedAfter++;
        if (afterBooking && times.includes('10:00')) stale.push(`round ${round}: ${times.join(' ')}`);
      }
    });
    const created = await book(cut, at(classDay, '10:00'));
    booked = true;
    await Promise.all(askers);
    expect(created.status).toBe(201);
    expect(askedAfter).toBeGreaterThan(0);
    expect(stale).toEqual([]);
  });

  it('When a guest books during lunch, on the closure or on a holiday, then the answer is a 422 problem', async () => {
    for (const startsAt of [at(day, '13:00'), at(closed, '10:00'), at(holiday, '10:00')]) {
      const refused = await book(cut, startsAt);
      expect(refused.status).toBe(422);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ code: 'BOOKING.SLOT_UNAVAILABLE', errors: [expect.objectContaining({ pointer: '/starts_at' })] });
    }
  });

  it('When guests join the yoga class, then the seats left go down', async () => {
    const seatsAtTen = async () => (await slots(`service_id=${yoga}&date=${classDay}&party_size=2`)).body.slots[0];
    expect(await seatsAtTen()).toMatchObject({ starts_at: at(classDay, '10:00'), remaining: 8 });
    expect((await book(yoga, at(classDay, '10:00'), { party_size: 3 })).status).toBe(201);
    expect(await seatsAtTen()).toMatchObject({ remaining: 5 });
    expect((await book(yoga, at(classDay, '10:00'), { party_size: 2 })).status).toBe(201);
    expect(await seatsAtTen()).toMatchObject({ remaining: 3 });
  });

  it('When the query is wrong, then every bad parameter is named; an unknown one is refused', async () => {
    const bad = await slots(`service_id=${cut}&date=tomorrow&days=40&color=blue`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/query/color', '/query/date', '/query/days']);
  });
});
