import { eventually } from '@omotenashi/testkit';
import type { paymentV1 } from '@omotenashi/proto';
import { paySandbox, paymentOf, startPaymentHarness, waitForBookingStatus, waitForPaymentStatus, type PaymentHarness } from './support/payment.harness';

const BUSINESS_ACTOR = { kind: 'business', id: 'owner-1', manageToken: '' };

describe('Refunds: asked by the business, or owed by the booking policy', () => {
  let h: PaymentHarness;
  let fullService: string;

  beforeAll(async () => {
    h = await startPaymentHarness('payrefunds');
    fullService = await h.service('full');
  });
  afterAll(() => h?.stop());

  async function paid(): Promise<paymentV1.Payment> {
    const booking = await h.book(fullService);
    const { payment } = await h.payment.call('startPayment', { businessId: h.businessId, bookingId: booking.id, provider: '' });
    await paySandbox(h, payment!, 'pm_card_visa');
    await waitForBookingStatus(h, booking.id, 'confirmed');
    return waitForPaymentStatus(h, payment!.id, 'succeeded');
  }
  const refund = (paymentId: string, amount: number, idempotencyKey = '') =>
    h.payment.call('refundPayment', { businessId: h.businessId, paymentId, amount, note: 'goodwill', idempotencyKey, actorId: 'owner-1' });
  const sandboxRefunds = async (providerPaymentId: string) =>
    (await h.rows('SELECT id FROM payment.sandbox_refunds WHERE intent_id = $1', [providerPaymentId])).length;

  it('When the business refunds part, then more than what is left, then the rest, the amounts add up and each refund is written once', async () => {
    const payment = await paid();
    const first = await refund(payment.id, 5000, 'refund-a');
    expect(first.refund).toMatchObject({ amount: 5000, currency: 'JPY', status: 'succeeded', reason: 'requested_by_business', providerRefundId: expect.stringMatching(/^re_/) });
    expect(first.payment).toMatchObject({ status: 'partially_refunded', amountRefunded: 5000 });

    const replay = await refund(payment.id, 5000, 'refund-a');
    expect(replay.refund!.id).toBe(first.refund!.id);

    await expect(refund(payment.id, 8000)).rejects.toMatchObject({ code: 'PAYMENT.REFUND_EXCEEDS_CAPTURED', fields: [{ pointer: '/amount', detail: 'must be at most 7000' }] });

    const rest = await refund(payment.id, 0, 'refund-b');
    expect(rest.refund!.amount).toBe(7000);
    expect(rest.payment).toMatchObject({ status: 'refunded', amountRefunded: 12000, refundedAt: expect.any(String) });
    await expect(refund(payment.id, 1)).rejects.toMatchObject({ code: 'PAYMENT.NOT_REFUNDABLE' });

    expect(await sandboxRefunds(payment.providerPaymentId)).toBe(2);
    expect(await h.paymentEvents(payment.bookingId)).toEqual(['payment.payment.succeeded', 'payment.payment.refunded', 'payment.payment.refunded']);
    const { payment: listed } = await h.payment.call('getPayment', { businessId: h.businessId, paymentId: payment.id });
    expect(listed!.refunds.map((r) => r.amount)).toEqual([5000, 7000]);
  });

  it('When 10 refunds of 2000 race on a 12000 payment, then exactly 6 succeed and the rest are refused', async () => {
    const payment = await paid();
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => refund(payment.id, 2000, `race-${i}`)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(6);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code))
      .toEqual(Array(4).fill('PAYMENT.NOT_REFUNDABLE'));
    // Each answer usually shows its refund settled, but a refund the worker's retrier claimed first is
    // settled by the worker a moment later: the money adds up once every command has run.
    const settled = await eventually(async () => {
      const current = await paymentOf(h, payment.id);
      return current.amountRefunded === 12000 && current;
    });
    expect(settled).toMatchObject({ status: 'refunded', amountRefunded: 12000 });
    expect(await sandboxRefunds(payment.providerPaymentId)).toBe(6);
  });

  it('When a payment has not captured anything, then it cannot be refunded', async () => {
    const booking = await h.book(fullService);
    const { payment } = await h.payment.call('startPayment', { businessId: h.businessId, bookingId: booking.id, provider: '' });
    await expect(refund(payment!.id, 0)).rejects.toMatchObject({ code: 'PAYMENT.NOT_REFUNDABLE' });
  });

  it('When the business cancels a confirmed booking, then the policy refund is given back once, by the saga', async () => {
    const payment = await paid();
    const cancelled = await h.booking.call('cancelBooking', { businessId: h.businessId, bookingId: payment.bookingId, actor: BUSINESS_ACTOR, reason: 'closed', expectedStatus: '' });
    expect(cancelled.refundAmount).toBeGreaterThan(0);
    const refunded = await eventually(async () => {
      const current = await paymentOf(h, payment.id);
      return current.amountRefunded > 0 ? current : undefined;
    });
    expect(refunded.amountRefunded).toBe(cancelled.refundAmount);
    const { payment: withRefunds } = await h.payment.call('getPayment', { businessId: h.businessId, paymentId: payment.id });
    expect(withRefunds!.refunds).toEqual([expect.objectContaining({ reason: 'booking_cancelled', amount: cancelled.refundAmount, status: 'succeeded' })]);
    expect(await sandboxRefunds(payment.providerPaymentId)).toBe(1);
  });

  it('When a held booking with an unpaid payment is cancelled, then the payment is canceled at the provider and payment.canceled is written', async () => {
    const booking = await h.book(fullService);
    const { payment } = await h.payment.call('startPayment', { businessId: h.businessId, bookingId: booking.id, provider: '' });
    await h.booking.call('cancelBooking', { businessId: h.businessId, bookingId: booking.id, actor: BUSINESS_ACTOR, reason: 'changed mind', expectedStatus: '' });
    const canceled = await waitForPaymentStatus(h, payment!.id, 'canceled');
    expect(canceled.canceledAt).not.toBe('');
    const [intent] = await h.rows<{ status: string }>('SELECT status FROM payment.sandbox_intents WHERE id = $1', [payment!.providerPaymentId]);
    expect(intent.status).toBe('canceled');
    await eventually(async () => (await h.paymentEvents(booking.id)).includes('payment.payment.canceled'));
  });
});
