import { bookingV1 } from '@omotenashi/proto';
import { eventually } from '@omotenashi/testkit';
import Redis from 'ioredis';
import { guest, inHours, LifecycleHarness, OWNER, SAGA, sleepUntil, tokyoAt } from './lifecycle.harness';

describe('Approve, confirm, complete and no-show over gRPC', () => {
  let h: LifecycleHarness;
  let businessId: string;
  let prepaidId: string;

  beforeAll(async () => {
    // The sweep runs often so that a hold pushed past its expiry is expired within the test's patience.
    h = await LifecycleHarness.start('transitions', { HOLD_SWEEP_INTERVAL_MS: '300' });
    businessId = await h.business();
    prepaidId = await h.service(businessId, { prepayment: 'full', price: 12_000 });
  });

  afterAll(async () => {
    await h?.stop();
  });

  const confirm = (bookingId: string, paymentId = 'pay-1', actor = SAGA) =>
    h.booking.call('confirmBooking', bookingV1.ConfirmBookingRequest.fromPartial({ businessId, bookingId, actor, paymentId }));
  const ids = (bookingId: string, actor: bookingV1.Actor, business = businessId) => ({ businessId: business, bookingId, actor });

  describe('approval', () => {
    it('When the business approves a pending booking, then it is confirmed once and booking.booking.confirmed says it was approved', async () => {
      const approvalBusiness = await h.business({ requiresApproval: true });
      const service = await h.service(approvalBusiness);
      const { booking, manageToken } = await h.book(approvalBusiness, service, tokyoAt(3));
      expect(booking.status).toBe('pending_approval');

      await expect(h.booking.call('approveBooking', ids(booking.id, guest(manageToken), approvalBusiness))).rejects.toMatchObject({
        code: 'BOOKING.ACTION_NOT_ALLOWED',
        kind: 'permission_denied',
      });
      const { booking: approved } = await h.booking.call('approveBooking', ids(booking.id, OWNER, approvalBusiness));
      expect(approved?.status).toBe('confirmed');
      await expect(h.booking.call('approveBooking', ids(booking.id, OWNER, approvalBusiness))).rejects.toMatchObject({
        code: 'BOOKING.INVALID_TRANSITION',
      });
      const events = await h.events(approvalBusiness, booking.id);
      expect(events.map((e) => e.subject)).toEqual(['booking.booking.created', 'booking.booking.confirmed']);
      expect(events[1].payload).toMatchObject({ previousStatus: 'pending_approval', paymentId: '', actor: { kind: 'business', id: 'user-owner' } });
    });
  });

  describe('confirmation by the payment saga', () => {
    it('When a held booking is paid, then it is confirmed, its hold ends, and a redelivery of the same payment changes nothing', async () => {
      const { booking } = await h.book(businessId, prepaidId, tokyoAt(3), 'paid@example.jp');
      expect(booking).toMatchObject({ status: 'held', holdExpiresAt: expect.any(String) });
      const { booking: confirmed } = await confirm(booking.id, 'pay-123');
      expect(confirmed).toMatchObject({ status: 'confirmed', holdExpiresAt: '' });
      const { booking: again } = await confirm(booking.id, 'pay-123');
      expect(again).toEqual(confirmed);
      await expect(confirm(booking.id, 'pay-other')).rejects.toMatchObject({ code: 'BOOKING.ALREADY_CONFIRMED', kind: 'conflict' });

      const events = await h.events(businessId, booking.id);
      expect(events.map((e) => e.subject)).toEqual(['booking.booking.created', 'booking.booking.confirmed']);
      expect(events[1].payload).toMatchObject({ previousStatus: 'held', paymentId: 'pay-123', priceAmount: 12_000, actor: { kind: 'system', id: 'payment-saga' } });
    });

    it('When anyone but the platform confirms, then ACTION_NOT_ALLOWED', async () => {
      const { booking, manageToken } = await h.book(businessId, prepaidId, tokyoAt(4), 'self@example.jp');
      await expect(confirm(booking.id, 'pay', OWNER)).rejects.toMatchObject({ code: 'BOOKING.ACTION_NOT_ALLOWED' });
      await expect(confirm(booking.id, 'pay', guest(manageToken))).rejects.toMatchObject({ code: 'BOOKING.ACTION_NOT_ALLOWED' });
    });

    it('When the payment arrives after the hold ran out, then HOLD_EXPIRED, before and after the hold is expired', async () => {
      const { booking } = await h.book(businessId, prepaidId, tokyoAt(5), 'slow@example.jp');
      await h.db.query(`UPDATE booking.bookings SET hold_expires_at = now() - interval '1 second' WHERE id = $1`, [booking.id]);
      await expect(confirm(booking.id)).rejects.toMatchObject({ code: 'BOOKING.HOLD_EXPIRED', kind: 'conflict' });
      await eventually(async () => (await h.status(businessId, booking.id)) === 'expired', 15_000);
      await expect(confirm(booking.id)).rejects.toMatchObject({ code: 'BOOKING.HOLD_EXPIRED' });
      expect((await h.events(businessId, booking.id)).map((e) => e.subject)).toEqual(['booking.booking.created', 'booking.booking.expired']);
    });

    it('When the payment arrives for a cancelled hold, then INVALID_TRANSITION (the saga refunds)', async () => {
      const { booking, manageToken } = await h.book(businessId, prepaidId, tokyoAt(6), 'gone@example.jp');
      await h.booking.call('cancelBooking', bookingV1.CancelBookingRequest.fromPartial(ids(booking.id, guest(manageToken))));
      await expect(confirm(booking.id)).rejects.toMatchObject({ code: 'BOOKING.INVALID_TRANSITION', kind: 'conflict' });
    });

    it('When a hold is paid, then its pending expiry job is removed', async () => {
      const { booking } = await h.book(businessId, prepaidId, tokyoAt(7), 'job@example.jp');
      const redis = new Redis(h.platform.infra.redisUrl);
      const jobKey = `${h.platform.infra.redisKeyPrefix}:booking:bull:holds:hold-${booking.id}`;
      try {
        await eventually(async () => (await redis.exists(jobKey)) === 1);
        await confirm(booking.id);
        await eventually(async () => (await redis.exists(jobKey)) === 0);
      } finally {
        redis.disconnect();
      }
    });
  });

  describe('after the visit', () => {
    it('When the customer came, then the business completes the booking once it has started, not before', async () => {
      const startsAt = inHours(1 / 1800);
      const { booking, manageToken } = await h.book(businessId, await h.service(businessId, { price: 8_000 }), startsAt, 'came@example.jp');
      await expect(h.booking.call('completeBooking', ids(booking.id, OWNER))).rejects.toMatchObject({ code: 'BOOKING.NOT_STARTED', kind: 'unprocessable' });
      await sleepUntil(startsAt);
      await expect(h.booking.call('completeBooking', ids(booking.id, guest(manageToken)))).rejects.toMatchObject({ code: 'BOOKING.ACTION_NOT_ALLOWED' });
      const { booking: completed } = await h.booking.call('completeBooking', ids(booking.id, OWNER));
      expect(completed?.status).toBe('completed');
      await expect(h.booking.call('markNoShow', ids(booking.id, OWNER))).rejects.toMatchObject({ code: 'BOOKING.INVALID_TRANSITION' });
      const events = await h.events(businessId, booking.id);
      expect(events.map((e) => e.subject)).toEqual(['booking.booking.created', 'booking.booking.completed']);
      expect(events[1]).toMatchObject({ eventType: 'omotenashi.events.v1.BookingCompleted', payload: { priceAmount: 8_000, actor: { kind: 'business' } } });
    });

    it('When the customer did not come, then the booking is a no-show and the rest of its slot is released', async () => {
      const startsAt = inHours(1 / 1800);
      // Its own service: the completed visit above still (rightly) occupies this hour of the shared one.
      const { booking } = await h.book(businessId, await h.service(businessId), startsAt, 'absent@example.jp');
      await expect(h.booking.call('markNoShow', ids(booking.id, OWNER))).rejects.toMatchObject({ code: 'BOOKING.NOT_STARTED' });
      await sleepUntil(startsAt);
      const { booking: noShow } = await h.booking.call('markNoShow', ids(booking.id, OWNER));
      expect(noShow?.status).toBe('no_show');
      expect(await h.activeAllocations(booking.id)).toEqual([]);
      const events = await h.events(businessId, booking.id);
      expect(events.map((e) => e.subject)).toEqual(['booking.booking.created', 'booking.booking.no_show']);
      await expect(h.booking.call('completeBooking', ids(booking.id, OWNER))).rejects.toMatchObject({ code: 'BOOKING.INVALID_TRANSITION' });
    });

    it('When a booking is not confirmed, then it can be neither completed nor marked a no-show', async () => {
      const held = await h.book(businessId, prepaidId, tokyoAt(8), 'held@example.jp');
      await expect(h.booking.call('completeBooking', ids(held.booking.id, OWNER))).rejects.toMatchObject({ code: 'BOOKING.INVALID_TRANSITION' });
      await expect(h.booking.call('markNoShow', ids(held.booking.id, OWNER))).rejects.toMatchObject({ code: 'BOOKING.INVALID_TRANSITION' });
    });
  });
});
