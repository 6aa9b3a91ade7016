import { eventually } from '@omotenashi/testkit';
import { Client } from 'pg';
import { SANDBOX_SIGNATURE_HEADER, signSandboxPayload, startSandboxWebhookDelivery, type ProviderWebhookEvent } from '../../src/providers';
import { startWebhookReceiver } from '../support/sandbox-webhook-receiver';
import { eventsFor, intentInput, SANDBOX_SECRET, silentLogger, startSandboxHarness, type SandboxHarness } from './providers.harness';

describe('sandbox PSP webhooks: signing, parsing and delivery', () => {
  let h: SandboxHarness;
  const unix = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    h = await startSandboxHarness('sbxwebhooks');
  });

  afterAll(async () => {
    await h?.close();
  });

  /** A paid manual intent with its first events queued: requires_action, then amount_capturable_updated. */
  const heldAfterChallenge = async () => {
    const provider = h.provider();
    const input = intentInput({ captureMethod: 'manual', amount: 1000 });
    const intent = await provider.createIntent(input);
    await provider.confirm(intent.providerPaymentId, intent.clientSecret, 'pm_card_authenticationRequired');
    await provider.authenticate(intent.providerPaymentId, intent.clientSecret, true);
    return { provider, input, intent };
  };
  const signed = (body: string, timestamp = unix(), secret = SANDBOX_SECRET) => ({
    raw: Buffer.from(body),
    headers: { [SANDBOX_SIGNATURE_HEADER]: signSandboxPayload(body, secret, timestamp) },
  });
  const parse = (body: string, timestamp?: number, secret?: string, now?: Date): ProviderWebhookEvent => {
    const { raw, headers } = signed(body, timestamp, secret);
    return h.provider().parseWebhook(raw, headers, now);
  };

  describe('parseWebhook', () => {
    it('When every kind of change is parsed, then each maps to its normalised type with ids, amounts and failures', async () => {
      const { provider, input, intent } = await heldAfterChallenge();
      await provider.capture(intent.providerPaymentId, { idempotencyKey: 'cap', amount: 600 });
      const refund = await provider.refund(intent.providerPaymentId, { idempotencyKey: `ref-${intent.providerPaymentId}`, amount: 250 });
      const declined = await provider.createIntent(intentInput());
      await provider.confirm(declined.providerPaymentId, declined.clientSecret, 'pm_card_chargeDeclined');
      await provider.cancel(declined.providerPaymentId, { idempotencyKey: 'cancel' });

      const parsed = [...(await eventsFor(h.db, intent.providerPaymentId)), ...(await eventsFor(h.db, declined.providerPaymentId))]
        .map((event) => ({ event, result: parse(event.body) }));
      for (const { event, result } of parsed) {
        expect(result.id).toBe(event.id);
        expect(result.occurredAt.getTime()).toBe(JSON.parse(event.body).created * 1000);
      }
      const summary = parsed.map(({ result: { id: _id, occurredAt: _at, ...rest } }) => rest);
      const paymentId = input.metadata.payment_id;
      expect(summary).toEqual([
        { type: 'payment.requires_action', providerType: 'payment_intent.requires_action', providerPaymentId: intent.providerPaymentId, paymentId, amount: 1000, currency: 'jpy' },
        { type: 'payment.authorized', providerType: 'payment_intent.amount_capturable_updated', providerPaymentId: intent.providerPaymentId, paymentId, amount: 1000, currency: 'jpy' },
        { type: 'payment.succeeded', providerType: 'payment_intent.succeeded', providerPaymentId: intent.providerPaymentId, paymentId, amount: 600, currency: 'jpy' },
        {
          type: 'refund.succeeded', providerType: 'charge.refunded', providerPaymentId: intent.providerPaymentId, paymentId, amount: 1000,
          currency: 'jpy', providerRefundId: refund.providerRefundId, refundAmount: 250,
        },
        {
          type: 'payment.failed', providerType: 'payment_intent.payment_failed', providerPaymentId: declined.providerPaymentId,
          paymentId: expect.any(String), amount: 5000, currency: 'jpy', failureCode: 'card_declined', failureMessage: 'Your card was declined.',
        },
        { type: 'payment.canceled', providerType: 'payment_intent.canceled', providerPaymentId: declined.providerPaymentId, paymentId: expect.any(String), amount: 5000, currency: 'jpy' },
      ].map((expected) => expect.objectContaining(expected)));
    });

    it('When the signature is forged, the body altered or the header unreadable, then bad_signature', async () => {
      const body = JSON.stringify({ id: 'evt_sbx_1', type: 'payment_intent.succeeded', created: unix(), data: { object: { object: 'payment_intent', id: 'pi_sbx_1' } } });
      expect(() => parse(body, undefined, 'whsec_someone_else')).toThrow(expect.objectContaining({ reason: 'bad_signature' }));
      const { headers } = signed(body);
      const altered = Buffer.from(body.replace('pi_sbx_1', 'pi_sbx_2'));
      expect(() => h.provider().parseWebhook(altered, headers)).toThrow(expect.objectContaining({ name: 'WebhookSignatureError', reason: 'bad_signature' }));
      for (const header of ['garbage', `t=${unix()}`, `t=${unix()},v1=zz`, `v1=${'0'.repeat(64)}`]) {
        expect(() => h.provider().parseWebhook(Buffer.from(body), { [SANDBOX_SIGNATURE_HEADER]: header })).toThrow(expect.objectContaining({ reason: 'bad_signature' }));
      }
    });

    it('When the timestamp is older or newer than the tolerance, then stale_timestamp; inside it, accepted', async () => {
      const body = JSON.stringify({ id: 'evt_sbx_2', type: 'customer.created', created: unix(), data: { object: { object: 'customer' } } });
      const now = new Date();
      const at = unix();
      expect(() => parse(body, at - 301, undefined, now)).toThrow(expect.objectContaining({ reason: 'stale_timestamp' }));
      expect(() => parse(body, at + 301, undefined, now)).toThrow(expect.objectContaining({ reason: 'stale_timestamp' }));
      expect(parse(body, at - 299, undefined, now)).toMatchObject({ type: 'ignored', providerType: 'customer.created', providerPaymentId: '' });
      const strict = h.provider({ webhookToleranceSeconds: 10 });
      const { raw, headers } = signed(body, at - 11);
      expect(() => strict.parseWebhook(raw, headers, now)).toThrow(expect.objectContaining({ reason: 'stale_timestamp' }));
    });

    it('When the header is missing, then missing_signature; when a signed body is not an event, then malformed', async () => {
      expect(() => h.provider().parseWebhook(Buffer.from('{}'), {})).toThrow(expect.objectContaining({ reason: 'missing_signature' }));
      for (const body of ['not json', '[]', '{"id":1}', '{"id":"evt","type":"x","created":1}']) {
        expect(() => parse(body)).toThrow(expect.objectContaining({ reason: 'malformed' }));
      }
    });
  });

  describe('delivery', () => {
    const fast = { secret: SANDBOX_SECRET, logger: silentLogger, pollIntervalMs: 50, retryBaseMs: 50, retryMaxMs: 200 };
    const row = async (id: string) =>
      (await h.db.query('SELECT attempts, last_status, last_error, delivered_at, abandoned_at FROM sandbox_webhook_deliveries WHERE id = $1', [id]))[0];

    beforeEach(async () => {
      // Earlier tests' events are not this test's business.
      await h.db.query('UPDATE sandbox_webhook_deliveries SET delivered_at = now() WHERE delivered_at IS NULL AND abandoned_at IS NULL');
    });

    it('When events are queued, then each is POSTed once with its exact body and a signature parseWebhook accepts', async () => {
      const receiver = await startWebhookReceiver();
      const delivery = startSandboxWebhookDelivery({ ...fast, dataSource: h.db, url: receiver.url });
      try {
        const { intent } = await heldAfterChallenge();
        const queued = await eventsFor(h.db, intent.providerPaymentId);
        await eventually(async () => receiver.delivered().length === 2);
        expect(receiver.delivered().sort()).toEqual(queued.map((e) => e.id).sort());
        for (const received of receiver.received) {
          expect(received.rawBody.toString()).toBe(queued.find((e) => e.id === received.eventId)?.body);
          expect(received.headers['content-type']).toBe('application/json');
          expect(h.provider().parseWebhook(received.rawBody, received.headers).providerPaymentId).toBe(intent.providerPaymentId);
        }
        expect(await row(queued[0].id)).toMatchObject({ attempts: 1, last_status: 200, last_error: null, delivered_at: expect.any(Date) });
      } finally {
        await delivery.stop();
        await receiver.close();
      }
    });

    it('When the endpoint answers 500 once, then the event is retried with backoff and delivered', async () => {
      const receiver = await startWebhookReceiver((_id, attempt) => (attempt === 1 ? 500 : 204));
      const delivery = startSandboxWebhookDelivery({ ...fast, dataSource: h.db, url: receiver.url });
      try {
        const provider = h.provider();
        const intent = await provider.createIntent(intentInput());
        await provider.confirm(intent.providerPaymentId, intent.clientSecret, 'pm_card_visa');
        const [event] = await eventsFor(h.db, intent.providerPaymentId);
        await eventually(async () => (await row(event.id)).delivered_at !== null);
        expect(receiver.received.map((r) => [r.eventId, r.status])).toEqual([[event.id, 500], [event.id, 204]]);
        expect(await row(event.id)).toMatchObject({ attempts: 2, last_status: 204, last_error: null });
      } finally {
        await delivery.stop();
        await receiver.close();
      }
    });

    it('When the endpoint keeps failing, then the event is abandoned after maxAttempts with the last error kept', async () => {
      const receiver = await startWebhookReceiver(() => 500);
      const delivery = startSandboxWebhookDelivery({ ...fast, dataSource: h.db, url: receiver.url, maxAttempts: 3 });
      try {
        const provider = h.provider();
        const intent = await provider.createIntent(intentInput());
        await provider.cancel(intent.providerPaymentId, { idempotencyKey: 'c' });
        const [event] = await eventsFor(h.db, intent.providerPaymentId);
        await eventually(async () => (await row(event.id)).abandoned_at !== null);
        expect(await row(event.id)).toMatchObject({ attempts: 3, last_status: 500, last_error: 'HTTP 500', delivered_at: null });
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(receiver.received).toHaveLength(3);
      } finally {
        await delivery.stop();
        await receiver.close();
      }
    });

    it('When the endpoint is down and the loop is stopped and started again, then no event is lost', async () => {
      const down = await startWebhookReceiver();
      const downUrl = down.url;
      await down.close();
      const provider = h.provider();
      const first = await provider.createIntent(intentInput());
      await provider.confirm(first.providerPaymentId, first.clientSecret, 'pm_card_visa');
      const before = startSandboxWebhookDelivery({ ...fast, dataSource: h.db, url: downUrl });
      const [failing] = await eventsFor(h.db, first.providerPaymentId);
      await eventually(async () => (await row(failing.id)).attempts >= 2);
      expect((await row(failing.id)).last_error).toMatch(/fetch failed|ECONNREFUSED/);
      await before.stop();

      const second = await provider.createIntent(intentInput({ captureMethod: 'manual' }));
      await provider.confirm(second.providerPaymentId, second.clientSecret, 'pm_card_visa');
      await provider.cancel(second.providerPaymentId, { idempotencyKey: 'c2' });
      const expected = [failing, ...(await eventsFor(h.db, second.providerPaymentId))].map((e) => e.id);

      const receiver = await startWebhookReceiver();
      const after = startSandboxWebhookDelivery({ ...fast, dataSource: h.db, url: receiver.url });
      try {
        await eventually(async () => receiver.delivered().length === 3);
        expect(receiver.delivered().sort()).toEqual(expected.sort());
      } finally {
        await after.stop();
        await receiver.close();
      }
    });

    it('When two delivery loops share the queue, then each event is delivered exactly once', async () => {
      const receiver = await startWebhookReceiver();
      const loops = [1, 2].map(() => startSandboxWebhookDelivery({ ...fast, dataSource: h.db, url: receiver.url, batchSize: 3 }));
      try {
        const provider = h.provider();
        const intents = await Promise.all(Array.from({ length: 12 }, () => provider.createIntent(intentInput())));
        await Promise.all(intents.map((intent) => provider.confirm(intent.providerPaymentId, intent.clientSecret, 'pm_card_visa')));
        await eventually(async () => receiver.delivered().length >= 12);
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(receiver.received).toHaveLength(12);
        expect(new Set(receiver.delivered()).size).toBe(12);
      } finally {
        await Promise.all(loops.map((loop) => loop.stop()));
        await receiver.close();
      }
    });
  });

  it('When the event row cannot be written, then the state change it reports is rolled back with it', async () => {
    const admin = new Client({ connectionString: h.infra.databaseUrl });
    await admin.connect();
    const provider = h.provider();
    const intent = await provider.createIntent(intentInput({ captureMethod: 'manual' }));
    await provider.confirm(intent.providerPaymentId, intent.clientSecret, 'pm_card_visa');
    try {
      await admin.query(`ALTER TABLE payment.sandbox_webhook_deliveries ADD CONSTRAINT test_refuse_cancel CHECK (event_type <> 'payment_intent.canceled') NOT VALID`);
      await expect(provider.cancel(intent.providerPaymentId, { idempotencyKey: 'atomic' })).rejects.toThrow(/test_refuse_cancel/);
      expect((await provider.retrieveIntent(intent.providerPaymentId)).status).toBe('requires_capture');
    } finally {
      await admin.query('ALTER TABLE payment.sandbox_webhook_deliveries DROP CONSTRAINT IF EXISTS test_refuse_cancel');
      await admin.end();
    }
    expect((await provider.cancel(intent.providerPaymentId, { idempotencyKey: 'atomic' })).status).toBe('canceled');
  });
});
