import { eventually } from '@omotenashi/testkit';
import { paySandbox, paymentOf, startPaymentHarness, waitForBookingStatus, waitForPaymentStatus, type PaymentHarness } from './support/payment.harness';
import type { Delivery } from './support/webhook-forwarder';
import { intentEvent, signedDelivery } from './support/sandbox-events';

describe('The booking–payment saga when holds run out', () => {
  let h: PaymentHarness;
  let fullService: string;
  let depositService: string;
  /** Intents whose webhooks the forwarder holds back (a slow PSP), released by the test. */
  const heldBack = new Map<string, Array<() => void>>();

  beforeAll(async () => {
    h = await startPaymentHarness('paysaga', { HOLD_TTL_SECONDS: '2', HOLD_SWEEP_INTERVAL_MS: '1000', PAYMENT_MAX_ATTEMPTS: '3' }, async (delivery: Delivery, send) => {
      const intent = [...heldBack.keys()].find((id) => delivery.body.toString().includes(id));
      if (intent) await new Promise<void>((resolve) => heldBack.get(intent)!.push(resolve));
      await send(delivery);
    });
    fullService = await h.service('full');
    depositService = await h.service('deposit');
  });
  afterAll(() => h?.stop());

  const release = (intent: string) => {
    const waiting = heldBack.get(intent) ?? [];
    heldBack.delete(intent);
    for (const go of waiting) go();
  };
  const refundsOf = (paymentId: string) =>
    h.rows<{ reason: string; amount: string; status: string }>('SELECT reason, amount, status FROM payment.payment_refunds WHERE payment_id = $1', [paymentId]);

  it('When a hold expires before it is paid, then its open payment is canceled at the provider', async () => {
    const booking = await h.book(fullService);
    const { payment } = await h.payment.call('startPayment', { businessId: h.businessId, bookingId: booking.id, provider: '' });
    await waitForBookingStatus(h, booking.id, 'expired');
    await waitForPaymentStatus(h, payment!.id, 'canceled');
    await expect(paySandbox(h, payment!, 'pm_card_visa')).rejects.toMatchObject({ code: 'PAYMENT.PROVIDER_DECLINED' });
    await expect(h.payment.call('startPayment', { businessId: h.businessId, bookingId: booking.id, provider: '' }))
      .rejects.toMatchObject({ code: 'PAYMENT.BOOKING_NOT_PAYABLE' });
  });

  it('When the success arrives after the hold expired, then the payment is recorded, refunded in full once, and the booking stays expired', async () => {
    const booking = await h.book(fullService);
    const { payment } = await h.payment.call('startPayment', { businessId: h.businessId, bookingId: booking.id, provider: '' });
    heldBack.set(payment!.providerPaymentId, []);
    await paySandbox(h, payment!, 'pm_card_visa');
    await waitForBookingStatus(h, booking.id, 'expired');
    release(payment!.providerPaymentId);

    const refunded = await waitForPaymentStatus(h, payment!.id, 'refunded');
    expect(refunded).toMatchObject({ amountRefunded: 12000, succeededAt: expect.any(String), refundedAt: expect.any(String) });
    // The success again (a PSP redelivery) changes nothing.
    const success = h.forwarder.received.find((d) => d.body.toString().includes('payment_intent.succeeded') && d.body.toString().includes(payment!.providerPaymentId))!;
    await h.payment.call('receiveWebhook', success);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await refundsOf(payment!.id)).toEqual([{ reason: 'late_payment', amount: '12000', status: 'succeeded' }]);
    expect(await h.rows('SELECT id FROM payment.sandbox_refunds WHERE intent_id = $1', [payment!.providerPaymentId])).toHaveLength(1);
    expect(await h.bookingStatus(booking.id)).toBe('expired');
    await eventually(async () => {
      const events = await h.paymentEvents(booking.id);
      return events.join() === 'payment.payment.succeeded,payment.payment.refunded';
    });
  });

  it('When an authorized deposit of an expired hold is reported late, then it is canceled, never captured', async () => {
    const booking = await h.book(depositService);
    const { payment } = await h.payment.call('startPayment', { businessId: h.businessId, bookingId: booking.id, provider: '' });
    heldBack.set(payment!.providerPaymentId, []);
    await paySandbox(h, payment!, 'pm_card_visa');
    await waitForBookingStatus(h, booking.id, 'expired');
    release(payment!.providerPaymentId);
    await waitForPaymentStatus(h, payment!.id, 'canceled');
    const [intent] = await h.rows<{ status: string; amount_received: number }>('SELECT status, amount_received FROM payment.sandbox_intents WHERE id = $1', [payment!.providerPaymentId]);
    expect({ status: intent.status, received: Number(intent.amount_received) }).toEqual({ status: 'canceled', received: 0 });
    expect(await refundsOf(payment!.id)).toEqual([]);
  });

  it('When the payment lands in time, then the booking is confirmed and nothing is refunded', async () => {
    const booking = await h.book(fullService);
    const { payment } = await h.payment.call('startPayment', { businessId: h.businessId, bookingId: booking.id, provider: '' });
    await paySandbox(h, payment!, 'pm_card_visa');
    await waitForBookingStatus(h, booking.id, 'confirmed');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await h.bookingStatus(booking.id)).toBe('confirmed');
    expect((await paymentOf(h, payment!.id)).status).toBe('succeeded');
    expect(await refundsOf(payment!.id)).toEqual([]);
  });

  it('When a webhook names a payment nobody knows, then it is retried with backoff and parked where an operator sees it', async () => {
    const stranger = { id: '0190a0a0-0000-7000-8000-0000000000ff', providerPaymentId: 'pi_sbx_unknown_to_us', amount: 100, currency: 'JPY', bookingId: '', businessId: '' };
    const { eventId } = await h.payment.call('receiveWebhook', signedDelivery(intentEvent(stranger as never, 'payment_intent.succeeded', Math.floor(Date.now() / 1000))));
    const parked = await eventually(async () => {
      const [row] = await h.rows<{ attempts: number; parked_at: Date | null; last_error: string; processed_at: Date | null }>(
        'SELECT attempts, parked_at, last_error, processed_at FROM payment.webhook_inbox WHERE event_id = $1', [eventId]);
      return row?.parked_at ? row : undefined;
    }, 15_000);
    expect(parked).toMatchObject({ attempts: 3, processed_at: null, last_error: expect.stringContaining('pi_sbx_unknown_to_us') });
  });
});
