import { cacheKeys } from '@omotenashi/cache';
import { metricValue } from '@omotenashi/metrics';
import { eventually } from '@omotenashi/testkit';
import { at, SalonHarness, testDates, WEEK, type Salon } from './salon.harness';

const hits = () => metricValue('cache_hits_total', { service: 'booking', layer: 'availability' });
const misses = () => metricValue('cache_misses_total', { service: 'booking', layer: 'availability' });

describe('GetAvailability over gRPC: a salon with two stylists, one chair, a lunch break, a closure and the holiday rule', () => {
  let h: SalonHarness;
  let salon: Salon;
  let cut: string;
  let chair: string;
  const { holiday, days } = testDates(4);
  const [day, closed, later, hoursDay] = days as [string, string, string, string];

  beforeAll(async () => {
    h = await SalonHarness.start('availability');
    salon = await h.salon('salon-availability');
    chair = await h.resource(salon.businessId, 'chair', 'Chair 1');
    cut = await h.service(salon.businessId, { name: 'Cut', staffIds: salon.stylists, kinds: ['chair'] });
    await h.catalog.call('createClosure', { businessId: salon.businessId, fromDate: closed, toDate: closed, reason: '研修', opens: '', closes: '' });
  });

  afterAll(async () => {
    await h?.stop();
  });

  const namespaced = (key: string) => `${h.platform.env.REDIS_KEY_PREFIX}:booking:${key}`;
  /** The business's availability generation (0 before its first bump). */
  const version = async () => Number((await h.redis.get(namespaced(cacheKeys.availabilityVersion(salon.businessId)))) ?? 0);
  /** Where the answer to (cut, date, 1 day, anyone, party of 1) lives under the current version. */
  const answerKey = async (date: string) => namespaced(`${cacheKeys.availability(salon.businessId, date, cut, 1, 'any', 1).key}:v${await version()}`);

  it('When a customer asks for a day, then every hour in the opening hours but lunch is offered with both stylists and the chair', async () => {
    const { slots } = await h.availability(salon.businessId, cut, day);
    expect(slots.map((s) => s.startsAt)).toEqual(['10:00', '11:00', '12:00', '14:00', '15:00', '16:00'].map((t) => at(day, t)));
    expect(slots[0]).toEqual({ startsAt: at(day, '10:00'), endsAt: at(day, '11:00'), staffIds: salon.stylists, resourceIds: [chair], remaining: 1 });
    // Both stylists are free, but the one chair lets one more booking in at each start.
    expect(new Set(slots.map((s) => s.remaining))).toEqual(new Set([1]));
  });

  it('When the day is a closure or a national holiday, then nothing is offered; several days list each in turn', async () => {
    expect(await h.times(salon.businessId, cut, closed)).toEqual([]);
    expect(await h.times(salon.businessId, cut, holiday)).toEqual([]);
    const { slots } = await h.availability(salon.businessId, cut, day, { days: 2 });
    expect(slots.map((s) => s.startsAt.slice(0, 10))).toEqual(Array(6).fill(day)); // the next day is the closure
  });

  it('When the same question comes again within a minute, then it is a cache hit whose key lives at most 60 s', async () => {
    await h.settled();
    const [hitsBefore, missesBefore] = [await hits(), await misses()];
    const first = await h.availability(salon.businessId, cut, later);
    const second = await h.availability(salon.businessId, cut, later);
    expect(second).toEqual(first);
    expect(await misses()).toBe(missesBefore + 1);
    expect(await hits()).toBe(hitsBefore + 1);
    const key = `${await answerKey(later)}`;
    const ttl = await h.redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it('When a booking commits, then the business version goes up (one INCR, no key deleted) and the next ask misses under the new version', async () => {
    await h.settled();
    await h.times(salon.businessId, cut, later);
    const [versionBefore, keyBefore] = [await version(), await answerKey(later)];
    expect(await h.redis.exists(keyBefore)).toBe(1);
    const missesBefore = await misses();
    const booking = await h.book(salon.businessId, cut, at(later, '12:00'));
    // The use case bumps right after its commit; the worker's event backstop may bump once more.
    expect(await version()).toBeGreaterThan(versionBefore);
    // The old answer is not deleted: no reader asks for its version any more, and it expires by TTL.
    expect(await h.redis.exists(keyBefore)).toBe(1);
    expect(await h.redis.ttl(keyBefore)).toBeLessThanOrEqual(60);
    expect(await h.times(salon.businessId, cut, later)).not.toContain('12:00');
    expect(await misses()).toBe(missesBefore + 1);
    expect(await answerKey(later)).not.toBe(keyBefore);
    await h.booking.call('cancelBooking', { businessId: salon.businessId, bookingId: booking.id, actor: { kind: 'business', id: 'owner', manageToken: '' }, reason: '', expectedStatus: '' });
    expect(await h.times(salon.businessId, cut, later)).toContain('12:00');
  });

  it('When a slot is booked, then the next answer (cache forgotten at once) no longer offers it', async () => {
    expect(await h.times(salon.businessId, cut, later)).toContain('10:00');
    const booking = await h.book(salon.businessId, cut, at(later, '10:00'));
    expect(booking.resourceIds).toEqual([chair]);
    expect(salon.stylists).toContain(booking.staffId);
    expect(await h.times(salon.businessId, cut, later)).toEqual(['11:00', '12:00', '14:00', '15:00', '16:00']);
  });

  it('When the booking is cancelled, then its slot is offered again at once', async () => {
    const booking = await h.book(salon.businessId, cut, at(later, '15:00'));
    expect(await h.times(salon.businessId, cut, later)).not.toContain('15:00');
    await h.booking.call('cancelBooking', { businessId: salon.businessId, bookingId: booking.id, actor: { kind: 'business', id: 'owner', manageToken: '' }, reason: '', expectedStatus: '' });
    expect(await h.times(salon.businessId, cut, later)).toContain('15:00');
  });

  it('When a customer asks for one stylist, then only that stylist is listed, and a stranger is refused', async () => {
    const [aoi] = salon.stylists;
    const { slots } = await h.availability(salon.businessId, cut, day, { staffId: aoi });
    expect(slots).toHaveLength(6);
    expect(slots.every((s) => s.staffIds.length === 1 && s.staffIds[0] === aoi)).toBe(true);
    await expect(h.availability(salon.businessId, cut, day, { staffId: '0190a0a0-0000-7000-8000-000000000001' })).rejects.toMatchObject({
      code: 'BOOKING.STAFF_NOT_FOUND',
      fields: [expect.objectContaining({ pointer: '/query/staff_id' })],
    });
  });

  it('When the question is malformed, then every bad field is named with its query pointer', async () => {
    await expect(h.booking.call('getAvailability', { businessId: salon.businessId, serviceId: 'nope', date: '2026-02-30', days: 40, staffId: '', partySize: -1 })).rejects.toMatchObject({
      code: 'COMMON.VALIDATION_FAILED',
      fields: expect.arrayContaining(['/query/service_id', '/query/date', '/query/days', '/query/party_size'].map((pointer) => expect.objectContaining({ pointer }))),
    });
  });

  it('When the owner changes the hours in the catalog, then the cached answer is forgotten and the next one has the new hours', async () => {
    expect(await h.times(salon.businessId, cut, hoursDay)).toEqual(['10:00', '11:00', '12:00', '14:00', '15:00', '16:00']);
    const mornings = WEEK.filter((i) => i.opens === '10:00').map((i) => ({ ...i, opens: '08:00' }));
    await h.catalog.call('setBusinessHours', { businessId: salon.businessId, weekly: mornings, closedOnNationalHolidays: true });
    const times = await eventually(async () => {
      const answer = await h.times(salon.businessId, cut, hoursDay);
      return answer[0] === '08:00' ? answer : undefined;
    });
    expect(times).toEqual(['08:00', '09:00', '10:00', '11:00', '12:00']);
  });
});
