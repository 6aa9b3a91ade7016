import { cacheKeys } from '@omotenashi/cache';
import { metricValue } from '@omotenashi/metrics';
import { eventually } from '@omotenashi/testkit';
import { bookingV1, catalogV1 } from '@omotenashi/proto';
import { addDays } from '../../src/domain/scheduling';
import { at, SalonHarness, testDates, WEEK, type Salon } from './salon.harness';

const hits = () => metricValue('cache_hits_total', { service: 'booking', layer: 'availability' });
const misses = () => metricValue('cache_misses_total', { service: 'booking', layer: 'availability' });

describe('GetAvailability over gRPC: a salon with two stylists, one chair, a lunch break, a closure and the holiday rule', () => {
  let h: SalonHarness;
  let salon: Salon;
  let cut: string;
  let chair: string;
  const { holiday, days } = testDates(60);
  const [day, closed, later, hoursDay] = days as [string, string, string, string];
  /** Ordinary days far from the four above and from each other's reach (± 2 days), one set per test. */
  const far = (index: number) => days[index] as string;

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
  const counter = async (key: string) => Number((await h.redis.get(namespaced(key))) ?? 0);
  /** The business's availability generation (0 before its first bump). */
  const businessVersion = () => counter(cacheKeys.availabilityVersion(salon.businessId));
  /** The generation of one date's availability (0 before its first bump). */
  const dateVersion = (date: string) => counter(cacheKeys.availabilityDateVersion(salon.businessId, date));
  /** Where the answer to (cut, date, 1 day, anyone, party of 1) lives under the current versions (business + date). */
  const answerKey = async (date: string) =>
    namespaced(`${cacheKeys.availability(salon.businessId, date, cut, 1, 'any', 1).key}:v${await businessVersion()}.${await dateVersion(date)}`);
  const OWNER = { kind: 'business', id: 'owner', manageToken: '' };
  const reschedule = (bookingId: string, startsAt: string) =>
    h.booking.call('rescheduleBooking', bookingV1.RescheduleBookingRequest.fromPartial({ businessId: salon.businessId, bookingId, actor: OWNER, startsAt }));
  /** Runs `ask` and tells whether it was answered from the cache. */
  const wasHit = async (ask: () => Promise<unknown>) => {
    const [hitsBefore, missesBefore] = [await hits(), await misses()];
    await ask();
    const [hitsAfter, missesAfter] = [await hits(), await misses()];
    expect(hitsAfter - hitsBefore + missesAfter - missesBefore).toBe(1);
    return hitsAfter === hitsBefore + 1;
  };

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

  it('When a booking commits, then only the versions of its date ± 2 days go up (INCRs, no key deleted) and the next ask misses under the new version', async () => {
    await h.settled();
    await h.times(salon.businessId, cut, later);
    const [businessBefore, laterBefore, keyBefore] = [await businessVersion(), await dateVersion(later), await answerKey(later)];
    expect(await h.redis.exists(keyBefore)).toBe(1);
    const missesBefore = await misses();
    const booking = await h.book(salon.businessId, cut, at(later, '12:00'));
    // The use case bumps right after its commit; the worker's event backstop may bump once more.
    expect(await dateVersion(later)).toBeGreaterThan(laterBefore);
    // The old answer is not deleted: no reader asks for its version any more, and it expires by TTL.
    expect(await h.redis.exists(keyBefore)).toBe(1);
    expect(await h.redis.ttl(keyBefore)).toBeLessThanOrEqual(60);
    expect(await h.times(salon.businessId, cut, later)).not.toContain('12:00');
    expect(await misses()).toBe(missesBefore + 1);
    expect(await answerKey(later)).not.toBe(keyBefore);
    await h.booking.call('cancelBooking', { businessId: salon.businessId, bookingId: booking.id, actor: OWNER, reason: '', expectedStatus: '' });
    expect(await h.times(salon.businessId, cut, later)).toContain('12:00');
    await h.settled();
    // Neither the booking, its cancellation nor their events forgot the whole business.
    expect(await businessVersion()).toBe(businessBefore);
    for (const offset of [-2, -1, 0, 1, 2]) expect(await dateVersion(addDays(later, offset))).toBeGreaterThan(0);
  });

  it('When a booking commits on D, then answers covering D (one day or a week) are fresh at once while D+10 and D±3 stay cache hits', async () => {
    const D = far(20);
    const week = { days: 7 };
    const weekFrom = addDays(D, -3);
    const [beyond, before, after] = [addDays(D, 10), addDays(D, -3), addDays(D, 3)];
    expect(await h.times(salon.businessId, cut, D)).toContain('10:00');
    const weekStarts = async () => (await h.availability(salon.businessId, cut, weekFrom, week)).slots.map((s) => s.startsAt);
    expect(await weekStarts()).toContain(at(D, '10:00'));
    for (const date of [beyond, before, after]) await h.times(salon.businessId, cut, date);
    await h.settled();
    const [businessBefore, beyondBefore, beforeBefore, afterBefore] = [await businessVersion(), await dateVersion(beyond), await dateVersion(before), await dateVersion(after)];

    await h.book(salon.businessId, cut, at(D, '10:00'));

    // At once (the use case forgets right after its commit, before it answers): not waiting for any event.
    expect(await h.times(salon.businessId, cut, D)).not.toContain('10:00');
    expect(await weekStarts()).not.toContain(at(D, '10:00'));
    for (const date of [beyond, before, after]) expect(await wasHit(() => h.times(salon.businessId, cut, date))).toBe(true);
    await h.settled();
    // The event backstop touched the same dates only.
    for (const date of [beyond, before, after]) expect(await wasHit(() => h.times(salon.businessId, cut, date))).toBe(true);
    expect([await businessVersion(), await dateVersion(beyond), await dateVersion(before), await dateVersion(after)]).toEqual([
      businessBefore,
      beyondBefore,
      beforeBefore,
      afterBefore,
    ]);
  });

  it('When a booking is rescheduled to another day, then both the old and the new day are fresh at once and a far day stays a hit', async () => {
    const [from, to] = [far(30), far(36)];
    const beyond = addDays(to, 10);
    const booking = await h.book(salon.businessId, cut, at(from, '11:00'));
    await h.settled();
    expect(await h.times(salon.businessId, cut, from)).not.toContain('11:00');
    expect(await h.times(salon.businessId, cut, to)).toContain('11:00');
    await h.times(salon.businessId, cut, beyond);

    const moved = await reschedule(booking.id, at(to, '11:00'));
    expect(moved.booking?.bookingDate).toBe(to);

    expect(await h.times(salon.businessId, cut, from)).toContain('11:00');
    expect(await h.times(salon.businessId, cut, to)).not.toContain('11:00');
    expect(await wasHit(() => h.times(salon.businessId, cut, beyond))).toBe(true);
  });

  it('When the catalog changes, then every cached date of the business is forgotten (its business version goes up)', async () => {
    const [one, other, closure] = [far(42), far(50), far(46)];
    await h.settled();
    expect(await h.times(salon.businessId, cut, closure)).not.toEqual([]);
    for (const date of [one, other]) await h.times(salon.businessId, cut, date);
    for (const date of [one, other, closure]) expect(await wasHit(() => h.times(salon.businessId, cut, date))).toBe(true);
    const businessBefore = await businessVersion();

    await h.catalog.call('createClosure', { businessId: salon.businessId, fromDate: closure, toDate: closure, reason: '棚卸し', opens: '', closes: '' });
    await h.settled();

    expect(await businessVersion()).toBeGreaterThan(businessBefore);
    for (const date of [one, other]) expect(await wasHit(() => h.times(salon.businessId, cut, date))).toBe(false);
    expect(await h.times(salon.businessId, cut, closure)).toEqual([]);
  });

  it('When the owner approves a booking, then nothing is forgotten: the pending booking already held its slot, and the cached answer stays right', async () => {
    const D = far(56);
    const { business } = await h.catalog.call('createBusiness', catalogV1.CreateBusinessRequest.fromPartial({
      slug: 'salon-approval', displayNameJa: 'サロン', displayNameEn: 'Salon', category: 'hair', timezone: 'Asia/Tokyo', currency: 'JPY',
      policy: { minNoticeMinutes: 0, bookingHorizonDays: 365, slotIntervalMinutes: 60, requiresApproval: true },
    }));
    const businessId = business!.id;
    await h.catalog.call('setBusinessHours', { businessId, weekly: WEEK, closedOnNationalHolidays: true });
    const stylist = await h.staff(businessId, 'mei');
    const service = await h.service(businessId, { name: 'Cut', staffIds: [stylist], kinds: [] });
    const pending = await h.book(businessId, service, at(D, '10:00'));
    expect(pending.status).toBe('pending_approval');
    // Let the created event's backstop land first, so only the approval could forget the answer below.
    await h.settled();
    expect(await h.times(businessId, service, D)).not.toContain('10:00');
    expect(await wasHit(() => h.times(businessId, service, D))).toBe(true);

    const approved = await h.booking.call('approveBooking', { businessId, bookingId: pending.id, actor: OWNER });
    expect(approved.booking?.status).toBe('confirmed');
    await h.settled();

    expect(await wasHit(() => h.times(businessId, service, D))).toBe(true);
    expect(await h.times(businessId, service, D)).not.toContain('10:00');
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
    await h.booking.call('cancelBooking', { businessId: salon.businessId, bookingId: booking.id, actor: OWNER, reason: '', expectedStatus: '' });
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
