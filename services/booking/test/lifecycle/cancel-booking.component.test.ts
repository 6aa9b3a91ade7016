import { createHash } from 'node:crypto';
import { bookingV1 } from '@omotenashi/proto';
import { guest, inHours, LifecycleHarness, OWNER, SAGA, sleepUntil, tokyoAt } from './lifecycle.harness';

describe('CancelBooking over gRPC', () => {
  let h: LifecycleHarness;
  let businessId: string;
  let serviceId: string;

  beforeAll(async () => {
    h = await LifecycleHarness.start('cancel');
    // 24 h free cancellation, then a third of the price (5555 × 33 / 100 = 1833.15 → 1833).
    businessId = await h.business({ cancelCutoffHours: 24, cancellationFeePercent: 33 });
    serviceId = await h.service(businessId, { price: 5555 });
  });

  afterAll(async () => {
    await h?.stop();
  });

  const cancel = (bookingId: string, actor: bookingV1.Actor, extra: Partial<bookingV1.CancelBookingRequest> = {}, business = businessId) =>
    h.booking.call('cancelBooking', bookingV1.CancelBookingRequest.fromPartial({ businessId: business, bookingId, actor, ...extra }));

  it('When a booking is created, then its manage token is in the answer once and only its sha256 is stored', async () => {
    const request = bookingV1.CreateBookingRequest.fromPartial({
      businessId, serviceId, startsAt: tokyoAt(20), partySize: 1, customer: { name: 'Token', email: 'token@example.jp' },
      idempotencyKey: 'token-once', idempotencyScope: 'guest:token@example.jp',
    });
    const first = await h.booking.call('createBooking', request);
    expect(first.manageToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { rows } = await h.db.query('SELECT manage_token_hash FROM booking.bookings WHERE id = $1', [first.booking!.id]);
    expect(rows[0].manage_token_hash).toEqual(createHash('sha256').update(first.manageToken).digest());

    const replay = await h.booking.call('createBooking', request);
    expect(replay.booking).toEqual(first.booking);
    expect(replay.manageToken).toBe('');
    const outcome = await h.db.query(`SELECT outcome::text AS outcome FROM booking.idempotency_keys WHERE key = 'token-once'`);
    expect(outcome.rows[0].outcome).not.toContain(first.manageToken);
  });

  it('When a guest cancels before the cut-off, then there is no fee, the slot is free again and booking.booking.cancelled is written', async () => {
    const startsAt = tokyoAt(3);
    const { booking, manageToken } = await h.book(businessId, serviceId, startsAt);
    const answer = await cancel(booking.id, guest(manageToken), { reason: '体調不良のため' });
    expect(answer).toMatchObject({ feeAmount: 0, refundAmount: 0, currency: 'JPY' });
    expect(answer.booking).toMatchObject({
      status: 'cancelled',
      cancellation: { cancelledBy: 'guest', reason: '体調不良のため', feeAmount: 0, refundAmount: 0, cancelledAt: expect.any(String) },
    });
    expect(await h.activeAllocations(booking.id)).toEqual([]);
    const again = await h.book(businessId, serviceId, startsAt, 'next@example.jp');
    expect(again.booking.status).toBe('confirmed');

    const events = await h.events(businessId, booking.id);
    expect(events.map((e) => e.subject)).toEqual(['booking.booking.created', 'booking.booking.cancelled']);
    expect(events[1]).toMatchObject({
      eventType: 'omotenashi.events.v1.BookingCancelled',
      payload: { previousStatus: 'confirmed', feeAmount: 0, refundAmount: 0, currency: 'JPY', reason: '体調不良のため', actor: { kind: 'guest', id: '' } },
    });
  });

  it('When a guest cancels within the cut-off, then the fee is floor(price × percent / 100)', async () => {
    const { booking, manageToken } = await h.book(businessId, serviceId, inHours(2), 'late@example.jp');
    const answer = await cancel(booking.id, guest(manageToken));
    expect(answer).toMatchObject({ feeAmount: 1833, refundAmount: 0, currency: 'JPY' });
    const [, cancelled] = await h.events(businessId, booking.id);
    expect(cancelled.payload).toMatchObject({ feeAmount: 1833 });
  });

  it('When the business cancels within the cut-off, then there is no fee', async () => {
    const { booking } = await h.book(businessId, serviceId, inHours(3), 'business@example.jp');
    const answer = await cancel(booking.id, OWNER, { reason: 'staff illness' });
    expect(answer).toMatchObject({ feeAmount: 0, booking: { status: 'cancelled', cancellation: { cancelledBy: 'business' } } });
    const [, cancelled] = await h.events(businessId, booking.id);
    expect(cancelled.payload).toMatchObject({ actor: { kind: 'business', id: 'user-owner' } });
  });

  it('When a prepaid booking is cancelled late, then the guest is refunded what was paid less the fee and the business refunds everything', async () => {
    const prepaidBusiness = await h.business({ cancelCutoffHours: 24, cancellationFeePercent: 50 });
    const full = await h.service(prepaidBusiness, { prepayment: 'full', price: 12_000 });
    const deposit = await h.service(prepaidBusiness, { prepayment: 'deposit', price: 10_000, deposit: 3_000 });
    const paid = async (service: string, startsAt: string, email: string) => {
      const created = await h.book(prepaidBusiness, service, startsAt, email);
      await h.booking.call('confirmBooking', bookingV1.ConfirmBookingRequest.fromPartial({
        businessId: prepaidBusiness, bookingId: created.booking.id, actor: SAGA, paymentId: `pay-${email}`,
      }));
      return created;
    };

    const byGuest = await paid(full, inHours(2), 'full@example.jp');
    expect(await cancel(byGuest.booking.id, guest(byGuest.manageToken), {}, prepaidBusiness)).toMatchObject({ feeAmount: 6_000, refundAmount: 6_000 });

    const early = await paid(full, tokyoAt(5), 'early@example.jp');
    expect(await cancel(early.booking.id, guest(early.manageToken), {}, prepaidBusiness)).toMatchObject({ feeAmount: 0, refundAmount: 12_000 });

    const byBusiness = await paid(full, inHours(4), 'biz@example.jp');
    expect(await cancel(byBusiness.booking.id, OWNER, {}, prepaidBusiness)).toMatchObject({ feeAmount: 0, refundAmount: 12_000 });

    // The fee (5000) exceeds the deposit (3000): nothing comes back, never a negative refund.
    const small = await paid(deposit, inHours(6), 'deposit@example.jp');
    expect(await cancel(small.booking.id, guest(small.manageToken), {}, prepaidBusiness)).toMatchObject({ feeAmount: 5_000, refundAmount: 0 });

    // Not paid yet (held): dropping the checkout costs nothing and refunds nothing.
    const held = await h.book(prepaidBusiness, full, inHours(8), 'held@example.jp');
    expect(await cancel(held.booking.id, guest(held.manageToken), {}, prepaidBusiness)).toMatchObject({ feeAmount: 0, refundAmount: 0 });
  });

  it('When a guest presents a wrong token, then the answer is the same not-found as for a missing booking and nothing changes', async () => {
    const { booking } = await h.book(businessId, serviceId, tokyoAt(4), 'victim@example.jp');
    const other = await h.book(businessId, serviceId, tokyoAt(4, '14:00'), 'other@example.jp');
    const notFound = { code: 'BOOKING.MANAGE_TOKEN_INVALID', kind: 'not_found', message: 'Booking was not found' };
    await expect(cancel(booking.id, guest('x'.repeat(43)))).rejects.toMatchObject(notFound);
    await expect(cancel(booking.id, guest(other.manageToken))).rejects.toMatchObject(notFound);
    await expect(cancel('0190a0a0-0000-7000-8000-000000000000', guest(other.manageToken))).rejects.toMatchObject(notFound);
    expect(await h.status(businessId, booking.id)).toBe('confirmed');
  });

  it("When a business names another business's booking, then it is not found", async () => {
    const { booking } = await h.book(businessId, serviceId, tokyoAt(6), 'tenant@example.jp');
    const otherBusiness = await h.business();
    await expect(cancel(booking.id, OWNER, {}, otherBusiness)).rejects.toMatchObject({ code: 'BOOKING.NOT_FOUND', kind: 'not_found' });
    expect(await h.status(businessId, booking.id)).toBe('confirmed');
  });

  it('When the booking has started, then nobody can cancel it', async () => {
    const startsAt = inHours(1 / 1800); // two seconds from now
    const { booking, manageToken } = await h.book(businessId, serviceId, startsAt, 'started@example.jp');
    await sleepUntil(startsAt);
    for (const actor of [OWNER, guest(manageToken), SAGA]) {
      await expect(cancel(booking.id, actor)).rejects.toMatchObject({ code: 'BOOKING.CANCEL_WINDOW_CLOSED', kind: 'unprocessable' });
    }
  });

  it('When a booking is cancelled twice, then the second answer is INVALID_TRANSITION', async () => {
    const { booking } = await h.book(businessId, serviceId, tokyoAt(7), 'twice@example.jp');
    await cancel(booking.id, OWNER);
    await expect(cancel(booking.id, OWNER)).rejects.toMatchObject({ code: 'BOOKING.INVALID_TRANSITION', kind: 'conflict' });
    expect((await h.events(businessId, booking.id)).filter((e) => e.subject === 'booking.booking.cancelled')).toHaveLength(1);
  });

  it('When the business rejects a pending booking, then it is cancelled; a reject that comes after an approval is refused', async () => {
    const approvalBusiness = await h.business({ requiresApproval: true });
    const service = await h.service(approvalBusiness);
    const { booking } = await h.book(approvalBusiness, service, tokyoAt(3), 'pending@example.jp');
    expect(booking.status).toBe('pending_approval');
    const rejected = await cancel(booking.id, OWNER, { reason: 'fully booked', expectedStatus: 'pending_approval' }, approvalBusiness);
    expect(rejected.booking).toMatchObject({ status: 'cancelled', cancellation: { reason: 'fully booked' } });
    const [, event] = await h.events(approvalBusiness, booking.id);
    expect(event.payload).toMatchObject({ previousStatus: 'pending_approval' });

    const second = await h.book(approvalBusiness, service, tokyoAt(4), 'approved@example.jp');
    await h.booking.call('approveBooking', { businessId: approvalBusiness, bookingId: second.booking.id, actor: OWNER });
    await expect(cancel(second.booking.id, OWNER, { expectedStatus: 'pending_approval' }, approvalBusiness)).rejects.toMatchObject({
      code: 'BOOKING.STATUS_CHANGED',
      kind: 'conflict',
    });
    expect(await h.status(approvalBusiness, second.booking.id)).toBe('confirmed');
  });

  it('When the actor is missing or incomplete, then every bad field is named', async () => {
    const { booking } = await h.book(businessId, serviceId, tokyoAt(8), 'fields@example.jp');
    await expect(cancel(booking.id, undefined as unknown as bookingV1.Actor)).rejects.toMatchObject({
      code: 'COMMON.VALIDATION_FAILED',
      fields: [expect.objectContaining({ pointer: '/actor/kind' })],
    });
    await expect(cancel(booking.id, { kind: 'business', id: '', manageToken: '' })).rejects.toMatchObject({
      fields: [expect.objectContaining({ pointer: '/actor/id' })],
    });
    await expect(cancel(booking.id, guest(''))).rejects.toMatchObject({ fields: [expect.objectContaining({ pointer: '/actor/manage_token' })] });
    await expect(cancel(booking.id, OWNER, { expectedStatus: 'gone' })).rejects.toMatchObject({
      fields: [expect.objectContaining({ pointer: '/expected_status' })],
    });
  });
});
