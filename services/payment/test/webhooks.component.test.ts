import { eventually } from '@omotenashi/testkit';
import type { paymentV1 } from '@omotenashi/proto';
import {
  paymentOf, paySandbox, startPaymentHarness, waitForBookingStatus, waitForPaymentStatus, type PaymentHarness,
} from './support/payment.harness';
import { intentEvent, signedDelivery } from './support/sandbox-events';

describe('Provider webhooks drive payments through the inbox', () => {
  let h: PaymentHarness;
  let fullService: string;
  let depositService: string;

  beforeAll(async () => {
    h = await startPaymentHarness('paywebhooks');
    fullService = await h.service('full');
    depositService = await h.service('deposit');
  });
  afterAll(() => h?.stop());

  async function started(serviceId = fullService): Promise<paymentV1.Payment> {
    const booking = await h.book(serviceId);
    return (await h.payment.call('startPayment', { businessId: h.businessId, bookingId: booking.id, provider: '' })).payment!;
  }
  const inboxRows = (providerPaymentId: string) =>
    h.rows<{ event_id: string; processed_at: Date | null; attempts: number }>(
      'SELECT event_id, processed_at, attempts FROM payment.webhook_inbox WHERE provider_payment_id = $1', [providerPaymentId]);

  it('When the payer pays with pm_card_visa, then the payment succeeds, payment.succeeded is written and the booking is confirmed', async () => {
    const payment = await started();
    expect((await paySandbox(h, payment, 'pm_card_visa')).status).toBe('succeeded');
    const paid = await waitForPaymentStatus(h, payment.id, 'succeeded');
    expect(paid).toMatchObject({ succeededAt: expect.any(String), authorizedAt: expect.any(String), clientSecret: '' });
    await waitForBookingStatus(h, payment.bookingId, 'confirmed');
    expect(await h.paymentEvents(payment.bookingId)).toEqual(['payment.payment.succeeded']);
  });

  it('When the card is declined, then the payment fails with the decline code and payment.failed is written; the booking stays held', async () => {
    const payment = await started();
    await paySandbox(h, payment, 'pm_card_chargeDeclined');
    const failed = await waitForPaymentStatus(h, payment.id, 'failed');
    expect(failed).toMatchObject({ failureCode: 'card_declined', failedAt: expect.any(String) });
    expect(await h.paymentEvents(payment.bookingId)).toEqual(['payment.payment.failed']);
    expect(await h.bookingStatus(payment.bookingId)).toBe('held');
  });

  it('When 3-D Secure is required and passed, then the payment goes through requires_action to succeeded', async () => {
    const payment = await started();
    const confirmation = await paySandbox(h, payment, 'pm_card_authenticationRequired');
    expect(confirmation).toMatchObject({ status: 'requires_action', nextActionUrl: expect.stringContaining(payment.providerPaymentId) });
    const waiting = await waitForPaymentStatus(h, payment.id, 'requires_action');
    expect(waiting.nextActionUrl).toContain(payment.providerPaymentId);
    await h.payment.call('authenticateSandboxPayment', { providerPaymentId: payment.providerPaymentId, clientSecret: payment.clientSecret, approve: true });
    await waitForPaymentStatus(h, payment.id, 'succeeded');
    await waitForBookingStatus(h, payment.bookingId, 'confirmed');
  });

  it('When 3-D Secure fails, then the payment fails', async () => {
    const payment = await started();
    await paySandbox(h, payment, 'pm_card_authenticationRequired');
    await h.payment.call('authenticateSandboxPayment', { providerPaymentId: payment.providerPaymentId, clientSecret: payment.clientSecret, approve: false });
    expect(await waitForPaymentStatus(h, payment.id, 'failed')).toMatchObject({ failureCode: 'authentication_failed' });
  });

  it('When a deposit is authorized, then the saga captures it, payment.authorized and payment.succeeded are written and the booking is confirmed', async () => {
    const payment = await started(depositService);
    await paySandbox(h, payment, 'pm_card_visa');
    await waitForPaymentStatus(h, payment.id, 'succeeded');
    await waitForBookingStatus(h, payment.bookingId, 'confirmed');
    expect(await h.paymentEvents(payment.bookingId)).toEqual(['payment.payment.authorized', 'payment.payment.succeeded']);
    const commands = await h.rows<{ kind: string; status: string }>('SELECT kind, status FROM payment.provider_commands WHERE payment_id = $1', [payment.id]);
    expect(commands).toEqual([{ kind: 'capture', status: 'done' }]);
  });

  it('When the client secret is wrong, then PAYMENT.CLIENT_SECRET_MISMATCH', async () => {
    const payment = await started();
    await expect(h.payment.call('confirmSandboxPayment', { providerPaymentId: payment.providerPaymentId, clientSecret: 'pi_x_secret_wrong', paymentMethod: 'pm_card_visa' }))
      .rejects.toMatchObject({ code: 'PAYMENT.CLIENT_SECRET_MISMATCH' });
  });

  it('When the same webhook is delivered again, then it is stored and applied once', async () => {
    const payment = await started();
    await paySandbox(h, payment, 'pm_card_visa');
    await waitForPaymentStatus(h, payment.id, 'succeeded');
    const original = h.forwarder.received.find((d) => d.body.toString().includes(payment.providerPaymentId))!;
    const answers = await Promise.all([1, 2, 3].map(() => h.payment.call('receiveWebhook', original)));
    expect(answers.every((a) => a.duplicate)).toBe(true);
    const rows = await inboxRows(payment.providerPaymentId);
    expect(rows).toHaveLength(1);
    expect(rows[0].processed_at).not.toBeNull();
    expect(await h.paymentEvents(payment.bookingId)).toEqual(['payment.payment.succeeded']);
  });

  it('When succeeded arrives before requires_action, then the payment stays succeeded', async () => {
    const payment = await started();
    const now = Math.floor(Date.now() / 1000);
    await h.payment.call('receiveWebhook', signedDelivery(intentEvent(payment, 'payment_intent.succeeded', now)));
    await waitForPaymentStatus(h, payment.id, 'succeeded');
    const late = await h.payment.call('receiveWebhook', signedDelivery(intentEvent(payment, 'payment_intent.requires_action', now - 5)));
    expect(late.duplicate).toBe(false);
    await eventually(async () => (await inboxRows(payment.providerPaymentId)).every((row) => row.processed_at !== null));
    expect((await paymentOf(h, payment.id)).status).toBe('succeeded');
  });

  it('When failed arrives after succeeded, then it is ignored; a success after a failure is honoured', async () => {
    const payment = await started();
    const now = Math.floor(Date.now() / 1000);
    await h.payment.call('receiveWebhook', signedDelivery(intentEvent(payment, 'payment_intent.succeeded', now)));
    await waitForPaymentStatus(h, payment.id, 'succeeded');
    await h.payment.call('receiveWebhook', signedDelivery(intentEvent(payment, 'payment_intent.payment_failed', now, {
      last_payment_error: { code: 'card_declined', message: 'declined' },
    })));
    await eventually(async () => (await inboxRows(payment.providerPaymentId)).every((row) => row.processed_at !== null));
    expect((await paymentOf(h, payment.id)).status).toBe('succeeded');
    expect(await h.paymentEvents(payment.bookingId)).toEqual(['payment.payment.succeeded']);

    const other = await started();
    await h.payment.call('receiveWebhook', signedDelivery(intentEvent(other, 'payment_intent.payment_failed', now, { last_payment_error: { code: 'card_declined' } })));
    await waitForPaymentStatus(h, other.id, 'failed');
    await h.payment.call('receiveWebhook', signedDelivery(intentEvent(other, 'payment_intent.succeeded', now + 1)));
    const honoured = await waitForPaymentStatus(h, other.id, 'succeeded');
    expect(honoured.failedAt).not.toBe('');
    expect(await h.paymentEvents(other.bookingId)).toEqual(['payment.payment.failed', 'payment.payment.succeeded']);
  });

  it('When the body was changed after signing, or the signature is missing, then PAYMENT.WEBHOOK_SIGNATURE_INVALID and nothing is stored', async () => {
    const payment = await started();
    const genuine = signedDelivery(intentEvent(payment, 'payment_intent.succeeded', Math.floor(Date.now() / 1000)));
    const forged = { ...genuine, body: Buffer.from(genuine.body.toString().replace(`"amount":${payment.amount}`, '"amount":1')) };
    await expect(h.payment.call('receiveWebhook', forged)).rejects.toMatchObject({ code: 'PAYMENT.WEBHOOK_SIGNATURE_INVALID', kind: 'invalid_argument' });
    await expect(h.payment.call('receiveWebhook', signedDelivery(JSON.parse(genuine.body.toString()), undefined, 'whsec_someone_else_entirely')))
      .rejects.toMatchObject({ code: 'PAYMENT.WEBHOOK_SIGNATURE_INVALID' });
    await expect(h.payment.call('receiveWebhook', { ...genuine, headers: {} })).rejects.toMatchObject({ code: 'PAYMENT.WEBHOOK_SIGNATURE_INVALID' });
    expect(await inboxRows(payment.providerPaymentId)).toHaveLength(0);
  });

  it('When the signature is older than the tolerance, then it is refused as stale', async () => {
    const payment = await started();
    const stale = signedDelivery(intentEvent(payment, 'payment_intent.succeeded', Math.floor(Date.now() / 1000)), Math.floor(Date.now() / 1000) - 3600);
    await expect(h.payment.call('receiveWebhook', stale)).rejects.toMatchObject({ code: 'PAYMENT.WEBHOOK_SIGNATURE_INVALID' });
    expect(await inboxRows(payment.providerPaymentId)).toHaveLength(0);
  });
});
