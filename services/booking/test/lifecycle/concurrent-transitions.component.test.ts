import { bookingV1 } from '@omotenashi/proto';
import { guest, LifecycleHarness, OWNER, SAGA, tokyoAt } from './lifecycle.harness';

const LIFECYCLE_SUBJECTS = ['booking.booking.confirmed', 'booking.booking.cancelled', 'booking.booking.rescheduled'];

describe('Concurrent lifecycle changes of one booking', () => {
  let h: LifecycleHarness;
  let businessId: string;
  let serviceId: string;
  let prepaidId: string;

  beforeAll(async () => {
    h = await LifecycleHarness.start('race');
    businessId = await h.business();
    serviceId = await h.service(businessId);
    prepaidId = await h.service(businessId, { prepayment: 'full' });
  });

  afterAll(async () => {
    await h?.stop();
  });

  const cancel = (bookingId: string, actor: bookingV1.Actor, expectedStatus = '') =>
    h.booking.call('cancelBooking', bookingV1.CancelBookingRequest.fromPartial({ businessId, bookingId, actor, expectedStatus }));
  const confirm = (bookingId: string) =>
    h.booking.call('confirmBooking', bookingV1.ConfirmBookingRequest.fromPartial({ businessId, bookingId, actor: SAGA, paymentId: 'pay-race' }));
  const changes = async (bookingId: string) =>
    (await h.events(businessId, bookingId)).filter((event) => LIFECYCLE_SUBJECTS.includes(event.subject));
  const rejections = (results: PromiseSettledResult<unknown>[]) =>
    results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as { code: string; kind: string });

  it('When 20 cancels of one booking race, then exactly one cancels it, one event is written and the other 19 get a conflict', async () => {
    const { booking, manageToken } = await h.book(businessId, serviceId, tokyoAt(3));
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => cancel(booking.id, i % 2 ? OWNER : guest(manageToken))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = rejections(results);
    expect(refused).toHaveLength(19);
    for (const reason of refused) expect(reason).toMatchObject({ code: 'BOOKING.INVALID_TRANSITION', kind: 'conflict' });
    expect((await changes(booking.id)).map((e) => e.subject)).toEqual(['booking.booking.cancelled']);
    expect(await h.status(businessId, booking.id)).toBe('cancelled');
  });

  it('When 10 cancels of a hold race 10 payment confirmations, then exactly one state change happens, with exactly one event', async () => {
    const { booking } = await h.book(businessId, prepaidId, tokyoAt(4), 'race@example.jp');
    const attempts = Array.from({ length: 20 }, (_, i) => (i % 2 ? () => cancel(booking.id, SAGA, 'held') : () => confirm(booking.id)));
    const results = await Promise.allSettled(attempts.map((attempt) => attempt()));

    const events = await changes(booking.id);
    expect(events).toHaveLength(1);
    const final = await h.status(businessId, booking.id);
    expect(final).toBe(events[0].subject === 'booking.booking.cancelled' ? 'cancelled' : 'confirmed');
    for (const reason of rejections(results)) {
      expect(reason.kind).toBe('conflict');
      expect(['BOOKING.INVALID_TRANSITION', 'BOOKING.STATUS_CHANGED']).toContain(reason.code);
    }
    if (final === 'cancelled') {
      // One cancel won; every confirmation learnt the hold is gone (and the saga would refund).
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    } else {
      // The payment won; the confirmations are one change plus idempotent repeats, every cancel was refused.
      expect(results.filter((r, i) => r.status === 'fulfilled' && i % 2)).toHaveLength(0);
    }
  });

  it('When 20 bookings race to be moved onto one free time, then exactly one gets it and nothing overlaps', async () => {
    const booked = [];
    // One an hour, 00:00–19:00 Tokyo time.
    for (let i = 0; i < 20; i++) booked.push(await h.book(businessId, serviceId, tokyoAt(5, `${String(i).padStart(2, '0')}:00`), `m${i}@example.jp`));
    const target = tokyoAt(6, '15:00');
    const results = await Promise.allSettled(
      booked.map(({ booking }) => h.booking.call('rescheduleBooking', { businessId, bookingId: booking.id, actor: OWNER, startsAt: target })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const reason of rejections(results)) expect(reason).toMatchObject({ code: 'BOOKING.SLOT_TAKEN' });
    expect(await h.overlaps()).toBe(0);
    for (const { booking } of booked) expect(await h.activeAllocations(booking.id)).toHaveLength(1);
  });
});
