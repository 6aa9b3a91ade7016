import { ProviderRequestError } from '../../src/providers';
import { eventsFor, intentInput, startSandboxHarness, type SandboxHarness } from './providers.harness';

describe('sandbox PSP: intents, payment methods, capture, cancel and refund', () => {
  let h: SandboxHarness;

  beforeAll(async () => {
    h = await startSandboxHarness('sbxprovider');
  });

  afterAll(async () => {
    await h?.close();
  });

  const rejectsWith = (promise: Promise<unknown>, code: string) =>
    expect(promise).rejects.toMatchObject({ name: 'ProviderRequestError', code });
  const eventTypes = async (intentId: string) => (await eventsFor(h.db, intentId)).map((event) => event.event_type);
  const paidIntent = async (overrides = {}) => {
    const provider = h.provider();
    const intent = await provider.createIntent(intentInput({ amount: 1000, ...overrides }));
    await provider.confirm(intent.providerPaymentId, intent.clientSecret, 'pm_card_visa');
    return intent;
  };

  describe('creating intents', () => {
    it('When an intent is created, then it has a pi_sbx_ id, a random client secret and waits for a payment method', async () => {
      const input = intentInput({ currency: 'JPY', amount: 12_000 });
      const a = await h.provider().createIntent(input);
      const b = await h.provider().createIntent(intentInput());
      expect(a).toEqual({
        providerPaymentId: expect.stringMatching(/^pi_sbx_[A-Za-z0-9]{24}$/),
        status: 'requires_payment_method',
        clientSecret: expect.stringMatching(new RegExp(`^${a.providerPaymentId}_secret_[A-Za-z0-9]{25}$`)),
        amount: 12_000,
        currency: 'jpy',
      });
      expect(b.clientSecret).not.toBe(a.clientSecret);
      const [row] = await h.db.query('SELECT metadata, capture_method FROM sandbox_intents WHERE id = $1', [a.providerPaymentId]);
      expect(row).toEqual({ metadata: input.metadata, capture_method: 'automatic' });
      expect(await eventTypes(a.providerPaymentId)).toEqual([]);
    });

    it('When the same idempotency key is sent again, then the same intent comes back', async () => {
      const input = intentInput();
      const first = await h.provider().createIntent(input);
      expect(await h.provider().createIntent({ ...input })).toEqual(first);
    });

    it('When 12 creates with one key race, then exactly one intent exists and every caller gets it', async () => {
      const input = intentInput();
      const results = await Promise.all(Array.from({ length: 12 }, () => h.provider().createIntent({ ...input })));
      expect(new Set(results.map((intent) => intent.providerPaymentId)).size).toBe(1);
      const [{ n }] = await h.db.query('SELECT count(*)::int AS n FROM sandbox_intents WHERE idempotency_key = $1', [input.idempotencyKey]);
      expect(n).toBe(1);
    });

    it('When a key is reused with a different amount or metadata, then it is refused as idempotency_key_reused', async () => {
      const input = intentInput();
      await h.provider().createIntent(input);
      await rejectsWith(h.provider().createIntent({ ...input, amount: input.amount + 1 }), 'idempotency_key_reused');
      await rejectsWith(h.provider().createIntent({ ...input, metadata: { ...input.metadata, booking_id: 'other' } }), 'idempotency_key_reused');
    });

    it('When the amount, currency or key is invalid, then the request is refused with a clear code', async () => {
      await rejectsWith(h.provider().createIntent(intentInput({ amount: 0 })), 'amount_invalid');
      await rejectsWith(h.provider().createIntent(intentInput({ amount: 10.5 })), 'amount_invalid');
      await rejectsWith(h.provider().createIntent(intentInput({ amount: 100_000_000 })), 'amount_too_large');
      await rejectsWith(h.provider().createIntent(intentInput({ currency: 'yen!' })), 'currency_invalid');
      await rejectsWith(h.provider().createIntent(intentInput({ idempotencyKey: '' })), 'idempotency_key_invalid');
    });

    it('When an unknown intent is retrieved, then resource_missing is thrown', async () => {
      await rejectsWith(h.provider().retrieveIntent('pi_sbx_nope'), 'resource_missing');
    });
  });

  describe('confirming with the test payment methods', () => {
    it('When pm_card_visa confirms an automatic intent, then it succeeds and a payment_intent.succeeded event is queued', async () => {
      const provider = h.provider();
      const intent = await provider.createIntent(intentInput());
      expect(await provider.confirm(intent.providerPaymentId, intent.clientSecret, 'pm_card_visa')).toEqual({ status: 'succeeded' });
      expect((await provider.retrieveIntent(intent.providerPaymentId)).status).toBe('succeeded');
      expect(await eventTypes(intent.providerPaymentId)).toEqual(['payment_intent.succeeded']);
    });

    it('When pm_card_visa confirms a manual intent, then the amount is held (requires_capture) and amount_capturable_updated is queued', async () => {
      const provider = h.provider();
      const intent = await provider.createIntent(intentInput({ captureMethod: 'manual' }));
      expect(await provider.confirm(intent.providerPaymentId, intent.clientSecret, 'pm_card_visa')).toEqual({ status: 'requires_capture' });
      const [event] = await eventsFor(h.db, intent.providerPaymentId);
      expect(event.event_type).toBe('payment_intent.amount_capturable_updated');
      expect(JSON.parse(event.body).data.object).toMatchObject({ amount_capturable: 5000, amount_received: 0, status: 'requires_capture' });
    });

    it('When pm_card_chargeDeclined confirms, then the payment fails with card_declined and the payer may try another card', async () => {
      const provider = h.provider();
      const intent = await provider.createIntent(intentInput());
      expect(await provider.confirm(intent.providerPaymentId, intent.clientSecret, 'pm_card_chargeDeclined')).toEqual({
        status: 'requires_payment_method', failureCode: 'card_declined', failureMessage: 'Your card was declined.',
      });
      const [failed] = await eventsFor(h.db, intent.providerPaymentId);
      expect(JSON.parse(failed.body)).toMatchObject({
        type: 'payment_intent.payment_failed',
        data: { object: { last_payment_error: { code: 'card_declined', decline_code: 'generic_decline' } } },
      });
      expect((await provider.confirm(intent.providerPaymentId, intent.clientSecret, 'pm_card_visa')).status).toBe('succeeded');
      expect(await eventTypes(intent.providerPaymentId)).toEqual(['payment_intent.payment_failed', 'payment_intent.succeeded']);
    });

    it('When pm_card_authenticationRequired confirms and the payer approves, then it proceeds like pm_card_visa', async () => {
      const provider = h.provider();
      const intent = await provider.createIntent(intentInput({ captureMethod: 'manual' }));
      const challenge = await provider.confirm(intent.providerPaymentId, intent.clientSecret, 'pm_card_authenticationRequired');
      expect(challenge).toEqual({
        status: 'requires_action',
        nextActionUrl: `/v1/payments/sandbox/intents/${intent.providerPaymentId}/authenticate`,
      });
      expect((await provider.retrieveIntent(intent.providerPaymentId)).nextActionUrl).toBe(challenge.nextActionUrl);
      expect(await provider.authenticate(intent.providerPaymentId, intent.clientSecret, true)).toEqual({ status: 'requires_capture' });
      expect(await eventTypes(intent.providerPaymentId)).toEqual(['payment_intent.requires_action', 'payment_intent.amount_capturable_updated']);
    });

    it('When the payer fails the 3-D Secure challenge, then the payment fails with authentication_failed', async () => {
      const provider = h.provider({ publicBaseUrl: 'https://api.example.jp/' });
      const intent = await provider.createIntent(intentInput());
      const challenge = await provider.confirm(intent.providerPaymentId, intent.clientSecret, 'pm_card_authenticationRequired');
      expect(challenge.nextActionUrl).toBe(`https://api.example.jp/v1/payments/sandbox/intents/${intent.providerPaymentId}/authenticate`);
      expect(await provider.authenticate(intent.providerPaymentId, intent.clientSecret, false)).toMatchObject({
        status: 'requires_payment_method', failureCode: 'authentication_failed',
      });
      expect(await eventTypes(intent.providerPaymentId)).toEqual(['payment_intent.requires_action', 'payment_intent.payment_failed']);
      await rejectsWith(provider.authenticate(intent.providerPaymentId, intent.clientSecret, true), 'intent_unexpected_state');
    });

    it('When the client secret is wrong, the method unknown or the intent final, then confirm is refused and nothing changes', async () => {
      const provider = h.provider();
      const intent = await provider.createIntent(intentInput());
      await rejectsWith(provider.confirm(intent.providerPaymentId, `${intent.clientSecret}x`, 'pm_card_visa'), 'client_secret_mismatch');
      await rejectsWith(provider.confirm(intent.providerPaymentId, 'short', 'pm_card_visa'), 'client_secret_mismatch');
      await rejectsWith(provider.confirm(intent.providerPaymentId, intent.clientSecret, 'pm_card_mastercard'), 'payment_method_unknown');
      await rejectsWith(provider.confirm(intent.providerPaymentId, intent.clientSecret, 'toString'), 'payment_method_unknown');
      expect((await provider.retrieveIntent(intent.providerPaymentId)).status).toBe('requires_payment_method');
      expect(await eventTypes(intent.providerPaymentId)).toEqual([]);
      await provider.confirm(intent.providerPaymentId, intent.clientSecret, 'pm_card_visa');
      await rejectsWith(provider.confirm(intent.providerPaymentId, intent.clientSecret, 'pm_card_visa'), 'intent_unexpected_state');
      await rejectsWith(provider.confirm('pi_sbx_missing', intent.clientSecret, 'pm_card_visa'), 'resource_missing');
    });

    it('When two confirmations of one intent race, then one wins and the other finds it final', async () => {
      const provider = h.provider();
      const intent = await provider.createIntent(intentInput());
      const results = await Promise.allSettled(
        Array.from({ length: 4 }, () => provider.confirm(intent.providerPaymentId, intent.clientSecret, 'pm_card_visa')),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
        expect(r.reason).toMatchObject({ code: 'intent_unexpected_state' });
      }
      expect(await eventTypes(intent.providerPaymentId)).toEqual(['payment_intent.succeeded']);
    });
  });

  describe('capture and cancel', () => {
    const heldIntent = async () => paidIntent({ captureMethod: 'manual' });

    it('When a held intent is captured in part, then it succeeds for that amount; the same key replays, another key is refused', async () => {
      const provider = h.provider();
      const intent = await heldIntent();
      await rejectsWith(provider.capture(intent.providerPaymentId, { idempotencyKey: 'cap-x', amount: 1001 }), 'amount_too_large');
      const captured = await provider.capture(intent.providerPaymentId, { idempotencyKey: `cap-${intent.providerPaymentId}`, amount: 600 });
      expect(captured.status).toBe('succeeded');
      expect(await provider.capture(intent.providerPaymentId, { idempotencyKey: `cap-${intent.providerPaymentId}`, amount: 600 })).toEqual(captured);
      await rejectsWith(provider.capture(intent.providerPaymentId, { idempotencyKey: 'cap-other' }), 'intent_unexpected_state');
      const events = await eventsFor(h.db, intent.providerPaymentId);
      expect(events.map((e) => e.event_type)).toEqual(['payment_intent.amount_capturable_updated', 'payment_intent.succeeded']);
      expect(JSON.parse(events[1].body).data.object).toMatchObject({ amount: 1000, amount_received: 600, amount_capturable: 0 });
    });

    it('When an intent that is not held is captured, then intent_unexpected_state is thrown', async () => {
      const provider = h.provider();
      const created = await provider.createIntent(intentInput({ captureMethod: 'manual' }));
      await rejectsWith(provider.capture(created.providerPaymentId, { idempotencyKey: 'cap-1' }), 'intent_unexpected_state');
      const paid = await paidIntent();
      await rejectsWith(provider.capture(paid.providerPaymentId, { idempotencyKey: 'cap-2' }), 'intent_unexpected_state');
    });

    it('When a held intent is canceled, then nothing is charged, canceled is queued and a retry with the same key replays', async () => {
      const provider = h.provider();
      const intent = await heldIntent();
      const canceled = await provider.cancel(intent.providerPaymentId, { idempotencyKey: 'cancel-a' });
      expect(canceled.status).toBe('canceled');
      expect(await provider.cancel(intent.providerPaymentId, { idempotencyKey: 'cancel-a' })).toEqual(canceled);
      await rejectsWith(provider.cancel(intent.providerPaymentId, { idempotencyKey: 'cancel-b' }), 'intent_unexpected_state');
      await rejectsWith(provider.capture(intent.providerPaymentId, { idempotencyKey: 'cap' }), 'intent_unexpected_state');
      const [row] = await h.db.query('SELECT amount_capturable, amount_received, canceled_at FROM sandbox_intents WHERE id = $1', [intent.providerPaymentId]);
      expect(row).toMatchObject({ amount_capturable: '0', amount_received: '0', canceled_at: expect.any(Date) });
      expect(await eventTypes(intent.providerPaymentId)).toEqual(['payment_intent.amount_capturable_updated', 'payment_intent.canceled']);
    });

    it('When an unpaid intent is canceled it works, and when a captured one is canceled it is refused', async () => {
      const provider = h.provider();
      const unpaid = await provider.createIntent(intentInput());
      expect((await provider.cancel(unpaid.providerPaymentId, { idempotencyKey: 'c1' })).status).toBe('canceled');
      await rejectsWith(provider.confirm(unpaid.providerPaymentId, unpaid.clientSecret, 'pm_card_visa'), 'intent_unexpected_state');
      const paid = await paidIntent();
      await rejectsWith(provider.cancel(paid.providerPaymentId, { idempotencyKey: 'c2' }), 'intent_unexpected_state');
    });
  });

  describe('refunds', () => {
    it('When a payment is refunded in part and then in full, then each refund succeeds and a third is refused', async () => {
      const provider = h.provider();
      const intent = await paidIntent();
      const first = await provider.refund(intent.providerPaymentId, { idempotencyKey: `r1-${intent.providerPaymentId}`, amount: 300, reason: 'late cancel' });
      expect(first).toEqual({ providerRefundId: expect.stringMatching(/^re_sbx_/), status: 'succeeded', amount: 300 });
      await rejectsWith(provider.refund(intent.providerPaymentId, { idempotencyKey: 'r-too-much', amount: 701 }), 'amount_too_large');
      const second = await provider.refund(intent.providerPaymentId, { idempotencyKey: `r2-${intent.providerPaymentId}`, amount: 700 });
      expect(second.amount).toBe(700);
      await rejectsWith(provider.refund(intent.providerPaymentId, { idempotencyKey: 'r3', amount: 1 }), 'charge_already_refunded');
      const refunds = (await eventsFor(h.db, intent.providerPaymentId)).filter((e) => e.event_type === 'charge.refunded').map((e) => JSON.parse(e.body).data.object);
      expect(refunds.map((charge) => [charge.amount_refunded, charge.refunded, charge.refunds.data[0].id])).toEqual([
        [300, false, first.providerRefundId],
        [1000, true, second.providerRefundId],
      ]);
    });

    it('When a refund is retried with its key, then the same refund comes back; the key with another amount is refused', async () => {
      const provider = h.provider();
      const intent = await paidIntent();
      const options = { idempotencyKey: `refund-${intent.providerPaymentId}`, amount: 400 };
      const refund = await provider.refund(intent.providerPaymentId, options);
      expect(await provider.refund(intent.providerPaymentId, options)).toEqual(refund);
      await rejectsWith(provider.refund(intent.providerPaymentId, { ...options, amount: 500 }), 'idempotency_key_reused');
      const [{ n }] = await h.db.query('SELECT count(*)::int AS n FROM sandbox_refunds WHERE intent_id = $1', [intent.providerPaymentId]);
      expect(n).toBe(1);
    });

    it('When refunds race past the captured amount, then together they never exceed it', async () => {
      const provider = h.provider();
      const intent = await paidIntent();
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) => provider.refund(intent.providerPaymentId, { idempotencyKey: `race-${intent.providerPaymentId}-${i}`, amount: 300 })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
      for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
        expect(r.reason).toBeInstanceOf(ProviderRequestError);
        expect(r.reason.code).toBe('amount_too_large');
      }
      const [row] = await h.db.query('SELECT amount_refunded FROM sandbox_intents WHERE id = $1', [intent.providerPaymentId]);
      expect(Number(row.amount_refunded)).toBe(900);
    });

    it('When a payment that is not captured is refunded, or the amount is not a positive integer, then it is refused', async () => {
      const provider = h.provider();
      const held = await paidIntent({ captureMethod: 'manual' });
      await rejectsWith(provider.refund(held.providerPaymentId, { idempotencyKey: 'rh', amount: 100 }), 'intent_unexpected_state');
      const paid = await paidIntent();
      await rejectsWith(provider.refund(paid.providerPaymentId, { idempotencyKey: 'rz', amount: 0 }), 'amount_invalid');
      await rejectsWith(provider.refund('pi_sbx_unknown', { idempotencyKey: 'ru', amount: 1 }), 'resource_missing');
    });
  });
});
