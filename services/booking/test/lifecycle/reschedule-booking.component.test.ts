import { bookingV1 } from '@omotenashi/proto';
import { guest, HOUR, inHours, LifecycleHarness, OWNER, tokyoAt } from './lifecycle.harness';
import { tokyoClock } from '../../../../tests/support/time';

const MINUTE = 60_000;

describe('RescheduleBooking over gRPC', () => {
  let h: LifecycleHarness;
  let businessId: string;
  let serviceId: string;

  beforeAll(async () => {
    h = await LifecycleHarness.start('reschedule');
    businessId = await h.business({ rescheduleCutoffHours: 24, bookingHorizonDays: 30 });
    serviceId = await h.service(businessId, { durationMinutes: 60, bufferAfterMinutes: 15 });
  });

  afterAll(async () => {
    await h?.stop();
  });

  const reschedule = (bookingId: string, actor: bookingV1.Actor, startsAt: string, business = businessId) =>
    h.booking.call('rescheduleBooking', bookingV1.RescheduleBookingRequest.fromPartial({ businessId: business, bookingId, actor, startsAt }));

  it('When a guest moves a booking before the cut-off, then booking, allocation and Tokyo date move together and the old time is free', async () => {
    const from = tokyoAt(3, '10:00');
    const { booking, manageToken } = await h.book(businessId, serviceId, from);
    // 08:00 in Tokyo is 23:00 UTC the day before: booking_date must follow Tokyo.
    const to = tokyoAt(5, '08:00');
    const { booking: moved } = await reschedule(booking.id, guest(manageToken), to);
    expect(moved).toMatchObject({
      id: booking.id,
      status: 'confirmed',
      startsAt: tokyoClock(to),
      endsAt: tokyoClock(new Date(to).getTime() + HOUR),
      bookingDate: to.slice(0, 10),
      rescheduleCount: 1,
    });
    expect(await h.activeAllocations(booking.id)).toEqual([
      { lower: new Date(to), upper: new Date(new Date(to).getTime() + HOUR + 15 * MINUTE) },
    ]);
    expect((await h.book(businessId, serviceId, from, 'next@example.jp')).booking.status).toBe('confirmed');

    const events = await h.events(businessId, booking.id);
    expect(events.map((e) => e.subject)).toEqual(['booking.booking.created', 'booking.booking.rescheduled']);
    expect(events[1].payload).toMatchObject({
      previousStartsAt: new Date(from).toISOString(),
      previousBookingDate: from.slice(0, 10),
      startsAt: new Date(to).toISOString(),
      bookingDate: to.slice(0, 10),
      status: 'confirmed',
      actor: { kind: 'guest' },
    });
  });

  it('When the target time is taken, then BOOKING.SLOT_TAKEN, the booking keeps its old slot and nothing overlaps', async () => {
    const mine = await h.book(businessId, serviceId, tokyoAt(6, '10:00'), 'mine@example.jp');
    await h.book(businessId, serviceId, tokyoAt(6, '14:00'), 'theirs@example.jp');
    // 13:30 runs into 14:00.
    await expect(reschedule(mine.booking.id, OWNER, tokyoAt(6, '13:30'))).rejects.toMatchObject({ code: 'BOOKING.SLOT_TAKEN', kind: 'conflict' });
    const { booking: after } = await h.booking.call('getBooking', { businessId, bookingId: mine.booking.id });
    expect(after).toEqual(mine.booking);
    expect(await h.activeAllocations(mine.booking.id)).toHaveLength(1);
    expect(await h.overlaps()).toBe(0);
    expect((await h.events(businessId, mine.booking.id)).map((e) => e.subject)).toEqual(['booking.booking.created']);
  });

  it('When a guest is past the reschedule cut-off, then RESCHEDULE_WINDOW_CLOSED; the business can still move it', async () => {
    const { booking, manageToken } = await h.book(businessId, serviceId, inHours(5), 'late@example.jp');
    await expect(reschedule(booking.id, guest(manageToken), tokyoAt(9))).rejects.toMatchObject({
      code: 'BOOKING.RESCHEDULE_WINDOW_CLOSED',
      kind: 'unprocessable',
    });
    const { booking: moved } = await reschedule(booking.id, OWNER, tokyoAt(9));
    expect(moved?.startsAt).toBe(tokyoClock(tokyoAt(9)));
  });

  it("When the new time breaks the business's notice or horizon, then it is refused like a new booking would be", async () => {
    const strict = await h.business({ minNoticeMinutes: 120, bookingHorizonDays: 30 });
    const service = await h.service(strict);
    const { booking } = await h.book(strict, service, tokyoAt(3), 'strict@example.jp');
    await expect(reschedule(booking.id, OWNER, inHours(1), strict)).rejects.toMatchObject({ code: 'BOOKING.TOO_SOON' });
    await expect(reschedule(booking.id, OWNER, tokyoAt(40), strict)).rejects.toMatchObject({ code: 'BOOKING.BEYOND_HORIZON' });
    await expect(reschedule(booking.id, OWNER, 'next tuesday', strict)).rejects.toMatchObject({
      code: 'COMMON.VALIDATION_FAILED',
      fields: [expect.objectContaining({ pointer: '/starts_at' })],
    });
  });

  it('When a guest presents a wrong token, then the answer is not found and the booking stays', async () => {
    const { booking } = await h.book(businessId, serviceId, tokyoAt(10), 'token@example.jp');
    await expect(reschedule(booking.id, guest('wrong-token'), tokyoAt(11))).rejects.toMatchObject({
      code: 'BOOKING.MANAGE_TOKEN_INVALID',
      kind: 'not_found',
    });
    expect((await h.booking.call('getBooking', { businessId, bookingId: booking.id })).booking?.startsAt).toBe(booking.startsAt);
  });

  it('When the booking is moved to the time it already has, then nothing changes and no event is written', async () => {
    const { booking } = await h.book(businessId, serviceId, tokyoAt(12), 'same@example.jp');
    const { booking: same } = await reschedule(booking.id, OWNER, tokyoAt(12));
    expect(same).toEqual(booking);
    expect(await h.events(businessId, booking.id)).toHaveLength(1);
  });

  it('When a cancelled booking is moved, then INVALID_TRANSITION', async () => {
    const { booking } = await h.book(businessId, serviceId, tokyoAt(13), 'cancelled@example.jp');
    await h.booking.call('cancelBooking', bookingV1.CancelBookingRequest.fromPartial({ businessId, bookingId: booking.id, actor: OWNER }));
    await expect(reschedule(booking.id, OWNER, tokyoAt(14))).rejects.toMatchObject({ code: 'BOOKING.INVALID_TRANSITION' });
  });

  it('When a class booking moves into a full class, then CAPACITY_EXCEEDED; into one with seats, it moves', async () => {
    const classId = await h.service(businessId, { capacity: 2, durationMinutes: 45 });
    const full = tokyoAt(15, '18:00');
    await h.book(businessId, classId, full, 'a@example.jp');
    await h.book(businessId, classId, full, 'b@example.jp');
    const { booking } = await h.book(businessId, classId, tokyoAt(15, '10:00'), 'c@example.jp');
    await expect(reschedule(booking.id, OWNER, full)).rejects.toMatchObject({ code: 'BOOKING.CAPACITY_EXCEEDED' });
    const { booking: moved } = await reschedule(booking.id, OWNER, tokyoAt(15, '12:00'));
    expect(moved?.startsAt).toBe(tokyoClock(tokyoAt(15, '12:00')));
  });
});
