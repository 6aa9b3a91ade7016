import { metricValue } from '@omotenashi/metrics';
import { eventually } from '@omotenashi/testkit';
import { startPaymentHarness, waitForBookingStatus, waitForPaymentStatus, type PaymentHarness } from './support/payment.harness';
import { startStripeStandIn, type StripeStandIn } from './support/stripe-stand-in';

const STRIPE_WEBHOOK_SECRET = 'whsec_stand_in_outage_test';

describe('A payment provider that stops answering', () => {
  let stripe: StripeStandIn;
  let h: PaymentHarness;
  let serviceId: string;

  beforeAll(async () => {
    stripe = await startStripeStandIn();
    h = await startPaymentHarness('payoutage', {
      PAYMENT_PROVIDERS: 'sandbox,stripe',
      STRIPE_SECRET_KEY: 'sk_test_stand_in',
      STRIPE_WEBHOOK_SECRET,
      STRIPE_API_BASE: stripe.apiBase,
      PAYMENT_PROVIDER_TIMEOUT_MS: '400',
      PAYMENT_BREAKER_VOLUME_THRESHOLD: '3',
      PAYMENT_BREAKER_ERROR_THRESHOLD_PERCENT: '50',
      // Long enough to let the SDK's own retries of the timed-out calls land before "failed fast" is checked.
      PAYMENT_BREAKER_RESET_TIMEOUT_MS: '4000',
    });
    serviceId = await h.service('full');
  });
  afterAll(async () => {
    await h?.stop();
    await stripe?.close();
  });

  const start = (bookingId: string) => h.payment.call('startPayment', { businessId: h.businessId, bookingId, provider: 'stripe' });

  it('When Stripe hangs, then calls time out, the breaker opens and fails fast, the booking stays held, and after recovery there is one intent', async () => {
    const booking = await h.book(serviceId);
    stripe.hang(true);
    for (let i = 0; i < 3; i++) {
      await expect(start(booking.id)).rejects.toMatchObject({ code: 'PAYMENT.PROVIDER_UNAVAILABLE', kind: 'unavailable' });
    }
    await eventually(async () => (await metricValue('payment_provider_breaker_state', { provider: 'stripe' })) === 2);
    // The breaker gave up on each call after the provider timeout, but the SDK (maxNetworkRetries 1) still
    // sends its retry of the last one a moment later: count once nothing has arrived for a second.
    let seen = -1;
    await eventually(async () => {
      const now = stripe.requests().length;
      const quiet = now === seen;
      seen = now;
      return quiet;
    }, 10_000, 1_000);
    const requestsWhileOpen = stripe.requests().length;
    const rejected = await start(booking.id).catch((error: unknown) => error);
    expect(rejected).toMatchObject({ code: 'PAYMENT.PROVIDER_UNAVAILABLE', retryAfterSeconds: expect.any(Number) });
    expect((rejected as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(stripe.requests().length).toBe(requestsWhileOpen); // failed fast: Stripe never saw it
    expect(await h.bookingStatus(booking.id)).toBe('held');
    expect(stripe.chargeCount()).toBe(0);

    stripe.hang(false);
    const { payment } = await eventually(() => start(booking.id).catch(() => undefined), 10_000, 200);
    expect(payment).toMatchObject({ provider: 'stripe', status: 'requires_payment_method', providerPaymentId: expect.stringMatching(/^pi_/) });
    expect(stripe.createCount(`payment:${booking.id}`)).toBe(1);
    expect(stripe.createCount()).toBe(1);
    expect(await h.rows('SELECT id FROM payment.booking_payments WHERE booking_id = $1', [booking.id])).toHaveLength(1);

    // The payer pays; Stripe's webhook arrives through ReceiveWebhook; the booking is confirmed, charged once.
    stripe.confirm(payment!.providerPaymentId, 'pm_card_visa');
    const { body, header } = stripe.signedWebhook(stripe.event('payment_intent.succeeded', payment!.providerPaymentId), STRIPE_WEBHOOK_SECRET);
    await h.payment.call('receiveWebhook', { provider: 'stripe', headers: { 'stripe-signature': header }, body: Buffer.from(body) });
    await waitForPaymentStatus(h, payment!.id, 'succeeded');
    await waitForBookingStatus(h, booking.id, 'confirmed');
    expect(stripe.chargeCount()).toBe(1);
    expect(stripe.createCount()).toBe(1);
  });

  it('When Stripe hangs during a refund, then the refund stays pending, the worker sends it again later, and it is refunded once', async () => {
    const booking = await h.book(serviceId);
    const { payment } = await eventually(() => start(booking.id).catch(() => undefined), 10_000, 200);
    stripe.confirm(payment!.providerPaymentId, 'pm_card_visa');
    const { body, header } = stripe.signedWebhook(stripe.event('payment_intent.succeeded', payment!.providerPaymentId), STRIPE_WEBHOOK_SECRET);
    await h.payment.call('receiveWebhook', { provider: 'stripe', headers: { 'stripe-signature': header }, body: Buffer.from(body) });
    await waitForPaymentStatus(h, payment!.id, 'succeeded');

    stripe.hang(true);
    const answer = await h.payment.call('refundPayment', {
      businessId: h.businessId, paymentId: payment!.id, amount: 5000, note: '', idempotencyKey: 'outage-refund', actorId: 'owner',
    });
    expect(answer.refund).toMatchObject({ status: 'pending', amount: 5000 });
    await eventually(async () => {
      const [command] = await h.rows<{ attempts: number }>(`SELECT attempts FROM payment.provider_commands WHERE payment_id = $1 AND kind = 'refund'`, [payment!.id]);
      return command.attempts >= 2; // the worker tried again while Stripe was still down
    }, 15_000);
    stripe.hang(false);

    const refunded = await eventually(async () => {
      const { payment: current } = await h.payment.call('getPayment', { businessId: h.businessId, paymentId: payment!.id });
      return current!.refunds[0]?.status === 'succeeded' ? current : undefined;
    }, 20_000, 200);
    expect(refunded).toMatchObject({ status: 'partially_refunded', amountRefunded: 5000 });
    expect(stripe.intents().get(payment!.providerPaymentId)!.amount_refunded).toBe(5000);
  });

  it('When the answer to an intent creation is lost and the booking is then cancelled, then the worker finds that intent under the same key and cancels it', async () => {
    const booking = await h.book(serviceId);
    stripe.hang(true);
    await expect(start(booking.id)).rejects.toMatchObject({ code: 'PAYMENT.PROVIDER_UNAVAILABLE' });
    const [payment] = await h.rows<{ id: string; provider_payment_id: string | null }>('SELECT id, provider_payment_id FROM payment.booking_payments WHERE booking_id = $1', [booking.id]);
    expect(payment!.provider_payment_id).toBeNull(); // we never heard back
    stripe.hang(false); // Stripe did the work all the same: the intent exists under the booking's key

    await h.booking.call('cancelBooking', { businessId: h.businessId, bookingId: booking.id, actor: { kind: 'business', id: 'owner', manageToken: '' }, reason: 'lost answer', expectedStatus: '' });
    // The worker asks again under the same key with the same parameters (Stripe refuses other ones), learns the intent and cancels it.
    await waitForPaymentStatus(h, payment!.id, 'canceled', 20_000);
    expect(stripe.createCount(`payment:${booking.id}`)).toBe(1);
    const intent = [...stripe.intents().values()].find((i) => (i as { metadata?: { booking_id?: string } }).metadata?.booking_id === booking.id) as { status: string } | undefined;
    expect(intent?.status).toBe('canceled');
  });
});

