import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { ProviderRequestError, StripeProvider, type StripeSettings } from '../../src/providers';
import { mapStripeError } from '../../src/providers/stripe/stripe-errors';
import { startStripeStandIn, type StripeStandIn } from '../support/stripe-stand-in';
import { intentInput } from './providers.harness';

const WEBHOOK_SECRET = 'whsec_stripe_test_secret';

describe('stripe provider: the official SDK against the Stripe stand-in', () => {
  let standIn: StripeStandIn;
  let settings: StripeSettings;
  let stripe: StripeProvider;

  beforeAll(async () => {
    standIn = await startStripeStandIn();
    settings = { secretKey: 'sk_test_provider', webhookSecret: WEBHOOK_SECRET, webhookToleranceSeconds: 300, apiBase: standIn.apiBase, timeoutMs: 2_000 };
    stripe = new StripeProvider(settings);
  });

  afterAll(async () => {
    await standIn?.close();
  });

  const rejectsWith = (promise: Promise<unknown>, code: string) =>
    expect(promise).rejects.toMatchObject({ name: 'ProviderRequestError', code });
  const paid = async (captureMethod: 'automatic' | 'manual', amount = 1000) => {
    const intent = await stripe.createIntent(intentInput({ captureMethod, amount }));
    standIn.confirm(intent.providerPaymentId, 'pm_card_visa');
    return intent;
  };

  it('When an intent is created twice with one idempotency key, then Stripe creates one and both answers are it', async () => {
    const input = intentInput({ amount: 8000, captureMethod: 'manual' });
    const first = await stripe.createIntent(input);
    const second = await stripe.createIntent({ ...input });
    expect(second).toEqual(first);
    expect(first).toMatchObject({ providerPaymentId: expect.stringMatching(/^pi_/), status: 'requires_payment_method', amount: 8000, currency: 'jpy' });
    expect(first.clientSecret).toMatch(new RegExp(`^${first.providerPaymentId}_secret_`));
    expect(standIn.createCount(input.idempotencyKey)).toBe(1);
    expect(standIn.intents().get(first.providerPaymentId)).toMatchObject({ capture_method: 'manual', metadata: input.metadata });
    await rejectsWith(stripe.createIntent({ ...input, amount: 9000 }), 'idempotency_key_reused');
  });

  it('When a manual intent is authorized and captured in part, then it succeeds for the captured amount', async () => {
    const intent = await paid('manual');
    expect((await stripe.retrieveIntent(intent.providerPaymentId)).status).toBe('requires_capture');
    const captured = await stripe.capture(intent.providerPaymentId, { idempotencyKey: `cap-${intent.providerPaymentId}`, amount: 700 });
    expect(captured.status).toBe('succeeded');
    expect(standIn.intents().get(intent.providerPaymentId)).toMatchObject({ amount_received: 700, amount_capturable: 0 });
    expect(await stripe.capture(intent.providerPaymentId, { idempotencyKey: `cap-${intent.providerPaymentId}`, amount: 700 })).toEqual(captured);
    await rejectsWith(stripe.capture(intent.providerPaymentId, { idempotencyKey: randomUUID() }), 'payment_intent_unexpected_state');
  });

  it('When a held intent is canceled, then it is canceled; a captured one cannot be', async () => {
    const held = await paid('manual');
    expect((await stripe.cancel(held.providerPaymentId, { idempotencyKey: randomUUID() })).status).toBe('canceled');
    const captured = await paid('automatic');
    await rejectsWith(stripe.cancel(captured.providerPaymentId, { idempotencyKey: randomUUID() }), 'payment_intent_unexpected_state');
  });

  it('When a payment is refunded in part and then in full, then both succeed and more is refused', async () => {
    const intent = await paid('automatic', 1000);
    const key = `refund-${intent.providerPaymentId}`;
    const partial = await stripe.refund(intent.providerPaymentId, { idempotencyKey: key, amount: 400, reason: 'requested_by_customer' });
    expect(partial).toEqual({ providerRefundId: expect.stringMatching(/^re_/), status: 'succeeded', amount: 400 });
    expect(await stripe.refund(intent.providerPaymentId, { idempotencyKey: key, amount: 400, reason: 'requested_by_customer' })).toEqual(partial);
    await rejectsWith(stripe.refund(intent.providerPaymentId, { idempotencyKey: randomUUID(), amount: 601 }), 'amount_too_large');
    const rest = await stripe.refund(intent.providerPaymentId, { idempotencyKey: randomUUID(), amount: 600, reason: 'booking cancelled late' });
    expect(rest).toMatchObject({ status: 'succeeded', amount: 600 });
    await rejectsWith(stripe.refund(intent.providerPaymentId, { idempotencyKey: randomUUID(), amount: 1 }), 'charge_already_refunded');
  });

  it('When Stripe refuses (card declined, unknown intent, bad parameter), then ProviderRequestError carries Stripe\'s code', async () => {
    const intent = await stripe.createIntent(intentInput());
    const declined = await stripe.client.paymentIntents.confirm(intent.providerPaymentId, { payment_method: 'pm_card_chargeDeclined' }).catch(mapStripeError);
    expect(declined).toBeInstanceOf(ProviderRequestError);
    expect(declined).toMatchObject({ code: 'card_declined', message: 'Your card was declined.' });
    await rejectsWith(stripe.retrieveIntent('pi_does_not_exist'), 'resource_missing');
    await rejectsWith(stripe.createIntent(intentInput({ currency: 'yen!' })), 'parameter_invalid_string');
  });

  it('When Stripe hangs, then the call fails with the SDK\'s connection error (not a refusal), retried once with the same key, and nothing is created twice', async () => {
    const hurried = new StripeProvider({ ...settings, timeoutMs: 300, maxNetworkRetries: 1 });
    const input = intentInput();
    standIn.hang(true);
    let failure: unknown;
    try {
      failure = await hurried.createIntent(input).catch((error: unknown) => error);
    } finally {
      standIn.hang(false);
    }
    expect(failure).not.toBeInstanceOf(ProviderRequestError);
    expect(failure).toMatchObject({ type: 'StripeConnectionError', message: expect.stringContaining('timeout being reached (300ms)') });
    const attempts = standIn.requests().filter((r) => r.idempotencyKey === input.idempotencyKey);
    expect(attempts).toHaveLength(2);
    // The held requests were processed on release: the first created the intent, the retry replayed it.
    expect(standIn.createCount(input.idempotencyKey)).toBe(1);
    const retried = await stripe.createIntent(input);
    expect(standIn.createCount(input.idempotencyKey)).toBe(1);
    expect(standIn.intents().get(retried.providerPaymentId)?.metadata).toEqual(input.metadata);
  });

  describe('parseWebhook (stripe.webhooks.constructEvent)', () => {
    const now = () => Math.floor(Date.now() / 1000);

    it('When a correctly signed payment_intent.succeeded arrives, then it is normalised with our payment id', async () => {
      const intent = await paid('automatic', 2500);
      const event = standIn.event('payment_intent.succeeded', intent.providerPaymentId, now() - 5);
      const { body, header } = standIn.signedWebhook(event, WEBHOOK_SECRET);
      const parsed = stripe.parseWebhook(Buffer.from(body), { 'stripe-signature': header });
      expect(parsed).toEqual({
        id: event.id, type: 'payment.succeeded', providerType: 'payment_intent.succeeded', providerPaymentId: intent.providerPaymentId,
        paymentId: standIn.intents().get(intent.providerPaymentId)?.metadata.payment_id, occurredAt: new Date(event.created * 1000),
        amount: 2500, currency: 'jpy', failureCode: undefined, failureMessage: undefined,
      });
    });

    it('When refund and failure events arrive, then they carry the refund id and amount or the failure code', async () => {
      const intent = await stripe.createIntent(intentInput());
      standIn.confirm(intent.providerPaymentId, 'pm_card_chargeDeclined');
      const failed = standIn.event('payment_intent.payment_failed', intent.providerPaymentId);
      const sign = (event: object) => {
        const { body, header } = standIn.signedWebhook(event, WEBHOOK_SECRET);
        return stripe.parseWebhook(Buffer.from(body), { 'stripe-signature': header });
      };
      expect(sign(failed)).toMatchObject({ type: 'payment.failed', failureCode: 'card_declined', failureMessage: 'Your card was declined.' });
      const refund = { id: 're_1', object: 'refund', amount: 300, currency: 'jpy', payment_intent: intent.providerPaymentId, status: 'succeeded' };
      expect(sign({ id: 'evt_r1', object: 'event', type: 'refund.updated', created: now(), data: { object: refund } })).toMatchObject({
        type: 'refund.succeeded', providerPaymentId: intent.providerPaymentId, providerRefundId: 're_1', refundAmount: 300,
      });
      const charge = { id: 'ch_1', object: 'charge', amount: 1000, amount_refunded: 300, payment_intent: intent.providerPaymentId, refunds: { data: [refund] } };
      expect(sign({ id: 'evt_c1', object: 'event', type: 'charge.refunded', created: now(), data: { object: charge } })).toMatchObject({
        type: 'refund.succeeded', providerRefundId: 're_1', refundAmount: 300,
      });
      expect(sign({ id: 'evt_f1', object: 'event', type: 'refund.failed', created: now(), data: { object: { ...refund, status: 'failed', failure_reason: 'expired_or_canceled_card' } } }))
        .toMatchObject({ type: 'refund.failed', failureCode: 'expired_or_canceled_card' });
    });

    it('When the signature is forged or the body altered, then bad_signature; when too old, stale_timestamp', async () => {
      const intent = await paid('automatic');
      const event = standIn.event('payment_intent.succeeded', intent.providerPaymentId);
      const forged = standIn.signedWebhook(event, 'whsec_attacker');
      expect(() => stripe.parseWebhook(Buffer.from(forged.body), { 'stripe-signature': forged.header })).toThrow(expect.objectContaining({ reason: 'bad_signature' }));
      const genuine = standIn.signedWebhook(event, WEBHOOK_SECRET);
      const altered = Buffer.from(genuine.body.replace('"amount":1000', '"amount":1'));
      expect(() => stripe.parseWebhook(altered, { 'stripe-signature': genuine.header })).toThrow(expect.objectContaining({ reason: 'bad_signature' }));
      expect(() => stripe.parseWebhook(Buffer.from(genuine.body), { 'stripe-signature': 'nonsense' })).toThrow(expect.objectContaining({ reason: 'bad_signature' }));
      const stale = standIn.signedWebhook(event, WEBHOOK_SECRET, now() - 301);
      expect(() => stripe.parseWebhook(Buffer.from(stale.body), { 'stripe-signature': stale.header })).toThrow(expect.objectContaining({ name: 'WebhookSignatureError', reason: 'stale_timestamp' }));
      const receivedLater = new Date(Date.now() + 400_000);
      expect(() => stripe.parseWebhook(Buffer.from(genuine.body), { 'stripe-signature': genuine.header }, receivedLater)).toThrow(expect.objectContaining({ reason: 'stale_timestamp' }));
    });

    it('When the header is missing, then missing_signature; when a signed body is not JSON, then malformed', async () => {
      expect(() => stripe.parseWebhook(Buffer.from('{}'), {})).toThrow(expect.objectContaining({ reason: 'missing_signature' }));
      const withoutSignature = standIn.signedWebhook({}, WEBHOOK_SECRET).header.replace(/,v1=[0-9a-f]+/, '');
      expect(() => stripe.parseWebhook(Buffer.from('{}'), { 'stripe-signature': withoutSignature })).toThrow(expect.objectContaining({ reason: 'bad_signature' }));
      const notJson = 'definitely not json';
      const signedNotJson = Stripe.webhooks.generateTestHeaderString({ payload: notJson, secret: WEBHOOK_SECRET });
      expect(() => stripe.parseWebhook(Buffer.from(notJson), { 'stripe-signature': signedNotJson })).toThrow(expect.objectContaining({ reason: 'malformed' }));
    });
  });
});
