import { randomUUID } from 'node:crypto';
import { AppError } from '@omotenashi/errors';
import type { paymentV1 } from '@omotenashi/proto';
import { addMember, createBusiness, signUp, withoutRequestId, type Person } from './identity/support/people';
import { FAKE_SIGNATURE_HEADER, FAKE_WEBHOOK_SIGNATURE } from './support/fake-downstreams';
import { expectProblem, startHarness, type Harness } from './support/gateway-harness';

let h: Harness;
let owner: Person;
let manager: Person;
let staff: Person;
let businessId: string;
beforeAll(async () => {
  h = await startHarness();
  owner = await signUp(h, 'owner');
  manager = await signUp(h, 'manager');
  staff = await signUp(h, 'staff');
  businessId = await createBusiness(h, owner);
  await addMember(h, businessId, owner, manager, 'manager');
  await addMember(h, businessId, owner, staff, 'staff');
});
afterAll(() => h.close());
beforeEach(() => h.fakes.reset());

const bookingPayments = (bookingId: string, business = businessId) => `/v1/businesses/${business}/bookings/${bookingId}/payments`;
const paymentPath = (paymentId: string, business = businessId) => `/v1/businesses/${business}/payments/${paymentId}`;
const callsTo = (method: string) => h.fakes.calls.filter((call) => call.method === method);
const lastCall = (method: string) => callsTo(method).at(-1)?.request;

/** A booking made by an anonymous guest of the business: its id and the guest's manage token. */
async function guestBooking(): Promise<{ id: string; token: string }> {
  const answer = await h.request('POST', `/v1/businesses/${businessId}/bookings`, {
    anonymous: true,
    body: { service_id: randomUUID(), starts_at: '2026-04-01T10:00:00+09:00', customer: { name: '山田 花子', email: 'hanako@example.jp' } },
  });
  expect(answer.status).toBe(201);
  return { id: answer.body.id, token: answer.body.manage_token };
}

/** A booking whose payment was started by its guest and paid with the sandbox test card. */
async function paidBooking(): Promise<{ bookingId: string; paymentId: string; token: string }> {
  const { id, token } = await guestBooking();
  const started = await h.request('POST', bookingPayments(id), { anonymous: true, headers: { 'x-manage-token': token } });
  const confirmed = await h.request('POST', `/v1/payments/sandbox/intents/${started.body.provider_payment_id}/confirm`, {
    anonymous: true,
    body: { client_secret: started.body.client_secret, payment_method: 'pm_card_visa' },
  });
  expect(confirmed.status).toBe(200);
  return { bookingId: id, paymentId: started.body.id, token };
}

describe('POST /v1/businesses/:businessId/bookings/:bookingId/payments', () => {
  test('When the guest starts the payment with their token, then booking checks the token first and the guest gets the payment with its client secret', async () => {
    const { id, token } = await guestBooking();
    h.fakes.reset();

    const answer = await h.request('POST', bookingPayments(id), { anonymous: true, headers: { 'x-manage-token': token } });

    expect(answer.status).toBe(201);
    expect(h.fakes.calls.map((call) => `${call.downstream}.${call.method}`)).toEqual(['booking.getBooking', 'payment.startPayment']);
    expect(lastCall('getBooking')).toEqual({ businessId, bookingId: id, actor: { kind: 'guest', id: '', manageToken: token } });
    expect(lastCall('startPayment')).toEqual({ businessId, bookingId: id, provider: '' });
    expect(answer.body).toEqual({
      id: expect.any(String),
      business_id: businessId,
      booking_id: id,
      provider: 'sandbox',
      provider_payment_id: expect.stringMatching(/^pi_sbx_/),
      kind: 'full',
      amount: 5500,
      currency: 'JPY',
      status: 'requires_payment_method',
      amount_refunded: 0,
      client_secret: expect.stringMatching(/_secret_/),
      next_action_url: null,
      failure_code: null,
      failure_message: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
      authorized_at: null,
      succeeded_at: null,
      failed_at: null,
      canceled_at: null,
      refunded_at: null,
      refunds: [],
    });
    expect(answer.headers.get('location')).toBe(paymentPath(answer.body.id));
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  test('When the payment was already started, then the same payment comes back with 200 and no second one is made', async () => {
    const { id, token } = await guestBooking();
    const headers = { 'x-manage-token': token };
    const first = await h.request('POST', bookingPayments(id), { anonymous: true, headers });

    const again = await h.request('POST', bookingPayments(id), { anonymous: true, headers, body: { provider: 'sandbox' } });

    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('location')).toBeNull();
  });

  test('When a guest has a wrong token or none, then it is the 404 of a missing booking and payment is never asked', async () => {
    const { id } = await guestBooking();
    h.fakes.reset();

    const none = await h.request('POST', bookingPayments(id), { anonymous: true });
    const callsAfterNone = h.fakes.calls.length;
    const wrong = await h.request('POST', bookingPayments(id), { anonymous: true, headers: { 'x-manage-token': 'not-the-token' } });

    expectProblem(none, 404, 'BOOKING.MANAGE_TOKEN_INVALID');
    expect(callsAfterNone).toBe(0);
    expectProblem(wrong, 404, 'BOOKING.MANAGE_TOKEN_INVALID');
    expect(withoutRequestId(none.body)).toEqual(withoutRequestId(wrong.body));
    expect(callsTo('startPayment')).toHaveLength(0);
  });

  test("When a member or the business's API key starts it, then payment is asked directly, with the provider named", async () => {
    const { id } = await guestBooking();
    const key = await h.request('POST', `/v1/businesses/${businessId}/api-keys`, { headers: owner.auth, body: { name: 'front desk' } });
    h.fakes.reset();

    const byStaff = await h.request('POST', bookingPayments(id), { headers: staff.auth, body: { provider: 'sandbox' } });
    const byKey = await h.request('POST', bookingPayments(id), { headers: { authorization: `Bearer ${key.body.key}` } });

    expect(byStaff.status).toBe(201);
    expect(byKey.status).toBe(200);
    expect(callsTo('getBooking')).toHaveLength(0);
    expect(callsTo('startPayment').map((call) => call.request)).toEqual([
      { businessId, bookingId: id, provider: 'sandbox' },
      { businessId, bookingId: id, provider: '' },
    ]);
  });

  test('When the body names an unknown provider or field, then 400 lists both and nobody is asked', async () => {
    const { id } = await guestBooking();
    h.fakes.reset();

    const answer = await h.request('POST', bookingPayments(id), { headers: owner.auth, body: { provider: 'paypal', amount: 1 } });

    expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
    expect(answer.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/amount', '/provider']);
    expect(h.fakes.calls).toHaveLength(0);
    expectProblem(await h.request('POST', bookingPayments('not-a-uuid'), { headers: owner.auth }), 404, 'COMMON.NOT_FOUND');
  });

  test.each([
    ['PAYMENT.NOT_REQUIRED', 'unprocessable', 422],
    ['PAYMENT.BOOKING_NOT_PAYABLE', 'conflict', 409],
    ['PAYMENT.PROVIDER_UNKNOWN', 'invalid_argument', 400],
  ] as const)("When payment refuses with %s, then the client gets its problem with status %s", async (code, kind, status) => {
    const { id } = await guestBooking();
    h.fakes.override('payment', 'startPayment', async () => {
      throw new AppError(code, 'refused', { kind });
    });

    expectProblem(await h.request('POST', bookingPayments(id), { headers: owner.auth }), status, code);
  });

  test("When the provider is down, then 503 with payment's Retry-After, and the payment breaker stays closed (payment itself answered)", async () => {
    const { id } = await guestBooking();
    h.fakes.override('payment', 'startPayment', async () => {
      throw new AppError('PAYMENT.PROVIDER_UNAVAILABLE', 'Payment provider sandbox is temporarily unavailable', { kind: 'unavailable', retryAfterSeconds: 7 });
    });

    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await h.request('POST', bookingPayments(id), { headers: owner.auth }));

    for (const answer of answers) {
      expectProblem(answer, 503, 'PAYMENT.PROVIDER_UNAVAILABLE');
      expect(answer.headers.get('retry-after')).toBe('7');
    }
    expect(callsTo('startPayment')).toHaveLength(8);
    h.fakes.reset();
    expect((await h.request('GET', bookingPayments(id), { headers: owner.auth })).status).toBe(200);
  });
});

describe('GET /v1/businesses/:businessId/bookings/:bookingId/payments', () => {
  test('When the guest lists with their token, then they see the client secret; members see the same payments without it', async () => {
    const { id, token } = await guestBooking();
    const started = await h.request('POST', bookingPayments(id), { anonymous: true, headers: { 'x-manage-token': token } });

    const asGuest = await h.request('GET', bookingPayments(id), { anonymous: true, headers: { 'x-manage-token': token } });
    const asStaff = await h.request('GET', bookingPayments(id), { headers: staff.auth });

    expect(asGuest.status).toBe(200);
    expect(asGuest.body).toEqual({ data: [started.body], next_cursor: null });
    expect(asGuest.headers.get('cache-control')).toBe('no-store');
    expect(asStaff.body).toEqual({ data: [{ ...started.body, client_secret: null }], next_cursor: null });
    expect(lastCall('listBookingPayments')).toEqual({ businessId, bookingId: id });
  });

  test('When the payment is final, then even the guest gets no client secret', async () => {
    const { bookingId, token } = await paidBooking();

    const list = await h.request('GET', bookingPayments(bookingId), { anonymous: true, headers: { 'x-manage-token': token } });

    expect(list.body.data).toEqual([expect.objectContaining({ status: 'succeeded', client_secret: null, succeeded_at: expect.any(String) })]);
  });

  test("When nobody shows a token or the token is wrong, then 404; an outsider's account is a guest too", async () => {
    const { id } = await guestBooking();
    const outsider = await signUp(h, 'outsider');

    expectProblem(await h.request('GET', bookingPayments(id), { anonymous: true }), 404, 'BOOKING.MANAGE_TOKEN_INVALID');
    expectProblem(await h.request('GET', bookingPayments(id), { anonymous: true, headers: { 'x-manage-token': 'wrong' } }), 404, 'BOOKING.MANAGE_TOKEN_INVALID');
    expectProblem(await h.request('GET', bookingPayments(id), { headers: outsider.auth }), 404, 'BOOKING.MANAGE_TOKEN_INVALID');
    expect(callsTo('listBookingPayments')).toHaveLength(0);
  });
});

describe('GET /v1/businesses/:businessId/payments/:paymentId', () => {
  test('When a member reads a payment, then they get it without the client secret', async () => {
    const { id, token } = await guestBooking();
    const started = await h.request('POST', bookingPayments(id), { anonymous: true, headers: { 'x-manage-token': token } });

    const answer = await h.request('GET', paymentPath(started.body.id), { headers: staff.auth });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ...started.body, client_secret: null });
    expect(lastCall('getPayment')).toEqual({ businessId, paymentId: started.body.id });
  });

  test("When nobody is signed in, then 401; another business's member gets the 404 of an unknown business; an unknown payment is payment's 404", async () => {
    const { paymentId } = await paidBooking();
    const rival = await signUp(h, 'rival');
    await createBusiness(h, rival);

    expectProblem(await h.request('GET', paymentPath(paymentId), { anonymous: true }), 401, 'IDENTITY.UNAUTHENTICATED');
    expectProblem(await h.request('GET', paymentPath(paymentId), { headers: rival.auth }), 404, 'COMMON.NOT_FOUND');
    expectProblem(await h.request('GET', paymentPath(randomUUID()), { headers: owner.auth }), 404, 'PAYMENT.NOT_FOUND');
    expectProblem(await h.request('GET', paymentPath('pay_1'), { headers: owner.auth }), 404, 'COMMON.NOT_FOUND');
  });
});

describe('POST /v1/businesses/:businessId/payments/:paymentId/refund', () => {
  test('When a manager refunds part with an Idempotency-Key, then 201 has the payment and the refund, and a retry returns the same refund', async () => {
    const { paymentId } = await paidBooking();
    const headers = { ...manager.auth, 'idempotency-key': 'refund-1' };

    const answer = await h.request('POST', `${paymentPath(paymentId)}/refund`, { headers, body: { amount: 2_000, note: 'お詫び' } });
    const retry = await h.request('POST', `${paymentPath(paymentId)}/refund`, { headers, body: { amount: 2_000, note: 'お詫び' } });

    expect(answer.status).toBe(201);
    expect(lastCall('refundPayment')).toEqual({ businessId, paymentId, amount: 2_000, note: 'お詫び', idempotencyKey: 'refund-1', actorId: manager.userId });
    expect(answer.body).toEqual({
      payment: expect.objectContaining({ id: paymentId, status: 'partially_refunded', amount_refunded: 2_000, client_secret: null }),
      refund: {
        id: expect.any(String),
        payment_id: paymentId,
        amount: 2_000,
        currency: 'JPY',
        status: 'succeeded',
        reason: 'requested_by_business',
        provider_refund_id: expect.any(String),
        created_at: expect.any(String),
        succeeded_at: expect.any(String),
        failed_at: null,
      },
    });
    expect(retry.body.refund.id).toBe(answer.body.refund.id);
  });

  test('When no amount is given, then everything left is refunded, after which there is nothing to refund (409)', async () => {
    const { paymentId } = await paidBooking();
    h.fakes.reset();

    const rest = await h.request('POST', `${paymentPath(paymentId)}/refund`, { headers: owner.auth });
    const more = await h.request('POST', `${paymentPath(paymentId)}/refund`, { headers: owner.auth, body: { amount: 1 } });

    expect(rest.status).toBe(201);
    expect(callsTo('refundPayment')[0]?.request).toMatchObject({ amount: 0, note: '', idempotencyKey: '' });
    expect(rest.body.payment).toMatchObject({ status: 'refunded', amount_refunded: 5_500 });
    expectProblem(more, 409, 'PAYMENT.NOT_REFUNDABLE');
  });

  test('When the refund is more than what is left, then 422 PAYMENT.REFUND_EXCEEDS_CAPTURED', async () => {
    const { paymentId } = await paidBooking();

    expectProblem(await h.request('POST', `${paymentPath(paymentId)}/refund`, { headers: owner.auth, body: { amount: 99_999 } }), 422, 'PAYMENT.REFUND_EXCEEDS_CAPTURED');
  });

  test("When staff refund, then 403; another business's member, 404; nobody signed in, 401; payment is not asked", async () => {
    const { paymentId } = await paidBooking();
    const rival = await signUp(h, 'rival-refund');
    await createBusiness(h, rival);
    h.fakes.reset();

    expectProblem(await h.request('POST', `${paymentPath(paymentId)}/refund`, { headers: staff.auth, body: { amount: 100 } }), 403, 'IDENTITY.FORBIDDEN');
    expectProblem(await h.request('POST', `${paymentPath(paymentId)}/refund`, { headers: rival.auth, body: { amount: 100 } }), 404, 'COMMON.NOT_FOUND');
    expectProblem(await h.request('POST', `${paymentPath(paymentId)}/refund`, { anonymous: true, body: { amount: 100 } }), 401, 'IDENTITY.UNAUTHENTICATED');
    expect(h.fakes.calls).toHaveLength(0);
  });

  test('When the amount is not a positive integer, the note too long or the key malformed, then 400 names each', async () => {
    const { paymentId } = await paidBooking();
    h.fakes.reset();

    const answer = await h.request('POST', `${paymentPath(paymentId)}/refund`, { headers: owner.auth, body: { amount: 0, note: 'x'.repeat(501) } });
    const badKey = await h.request('POST', `${paymentPath(paymentId)}/refund`, { headers: { ...owner.auth, 'idempotency-key': 'has space' } });
    const fractional = await h.request('POST', `${paymentPath(paymentId)}/refund`, { headers: owner.auth, body: { amount: 10.5 } });

    expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
    expect(answer.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/amount', '/note']);
    expectProblem(badKey, 400, 'COMMON.VALIDATION_FAILED');
    expect(badKey.body.errors).toEqual([{ pointer: '/headers/idempotency-key', detail: expect.any(String) }]);
    expectProblem(fractional, 400, 'COMMON.VALIDATION_FAILED');
    expect(fractional.body.errors).toEqual([{ pointer: '/amount', detail: expect.any(String) }]);
    expect(h.fakes.calls).toHaveLength(0);
  });

  test("When an API key of the business refunds, then the key's id is the actor", async () => {
    const { paymentId } = await paidBooking();
    const key = await h.request('POST', `/v1/businesses/${businessId}/api-keys`, { headers: owner.auth, body: { name: 'back office' } });

    const answer = await h.request('POST', `${paymentPath(paymentId)}/refund`, { headers: { authorization: `Bearer ${key.body.key}` }, body: { amount: 500 } });

    expect(answer.status).toBe(201);
    expect(lastCall('refundPayment')).toMatchObject({ actorId: key.body.id });
  });
});

describe('POST /v1/payments/webhooks/:provider', () => {
  const webhook = (rawBody: string | Buffer, headers: Record<string, string> = { [FAKE_SIGNATURE_HEADER]: FAKE_WEBHOOK_SIGNATURE }) =>
    h.request('POST', '/v1/payments/webhooks/sandbox', { anonymous: true, rawBody: rawBody as string, headers });
  const received = () => lastCall('receiveWebhook') as paymentV1.ReceiveWebhookRequest;

  test('When a provider posts an event, then payment gets its exact bytes and lower-cased headers, and a replay is a duplicate', async () => {
    const raw = `{"id": "evt_${randomUUID()}",  "type":"payment_intent.succeeded","data":{"note":"日本語 \\u00e9"}}\n`;

    const first = await webhook(raw, { [FAKE_SIGNATURE_HEADER]: FAKE_WEBHOOK_SIGNATURE, 'X-Provider-Trace': 'abc' });
    const body = Buffer.from(received().body);
    const replay = await webhook(raw);

    expect(first.status).toBe(200);
    expect(first.body).toEqual({ received: true, duplicate: false });
    expect(body.equals(Buffer.from(raw, 'utf8'))).toBe(true);
    expect(received().provider).toBe('sandbox');
    expect(received().headers).toMatchObject({ [FAKE_SIGNATURE_HEADER]: FAKE_WEBHOOK_SIGNATURE, 'content-type': 'application/json' });
    expect(Object.keys(received().headers).every((name) => name === name.toLowerCase())).toBe(true);
    expect(replay.body).toEqual({ received: true, duplicate: true });
  });

  test('When the signature does not match, then 400 problem+json PAYMENT.WEBHOOK_SIGNATURE_INVALID', async () => {
    const answer = await webhook('{"id":"evt_forged"}', { [FAKE_SIGNATURE_HEADER]: 't=1,v1=forged' });

    expectProblem(answer, 400, 'PAYMENT.WEBHOOK_SIGNATURE_INVALID');
  });

  test('When the body is not JSON, has another media type or is invalid JSON, then its bytes still reach payment untouched', async () => {
    const bytes = Buffer.from([0x7b, 0x22, 0xff, 0x00, 0x0a]);

    const binary = await h.request('POST', '/v1/payments/webhooks/sandbox', {
      anonymous: true,
      rawBody: bytes as unknown as string,
      headers: { 'content-type': 'application/octet-stream', [FAKE_SIGNATURE_HEADER]: FAKE_WEBHOOK_SIGNATURE },
    });
    expect(binary.status).toBe(200);
    expect(Buffer.from(received().body).equals(bytes)).toBe(true);

    const brokenJson = await webhook('{"id": ');
    expect(brokenJson.status).toBe(200);
    expect(Buffer.from(received().body).toString()).toBe('{"id": ');
  });

  test('When the event is larger than the API body limit but within a megabyte, then it is taken; beyond a megabyte, 413', async () => {
    const big = JSON.stringify({ id: 'evt_big', padding: 'x'.repeat(200_000) });
    const huge = JSON.stringify({ id: 'evt_huge', padding: 'x'.repeat(1024 * 1024) });

    expect((await webhook(big)).status).toBe(200);
    const tooLarge = await webhook(huge);
    expectProblem(tooLarge, 413, 'COMMON.PAYLOAD_TOO_LARGE');
    expect(tooLarge.body.detail).toContain(String(1024 * 1024));
  });

  test("When the provider sends credentials of its own, then they are ignored: webhooks authenticate by signature", async () => {
    const basic = await webhook('{"id":"evt_basic"}', { authorization: 'Basic dXNlcjpwYXNz', [FAKE_SIGNATURE_HEADER]: FAKE_WEBHOOK_SIGNATURE });
    const bearer = await webhook('{"id":"evt_bearer"}', { authorization: 'Bearer not-a-token', [FAKE_SIGNATURE_HEADER]: FAKE_WEBHOOK_SIGNATURE });

    expect([basic.status, bearer.status]).toEqual([200, 200]);
    expect(callsTo('receiveWebhook')).toHaveLength(2);
    // Everywhere else a bad credential is still a 401.
    expectProblem(await h.request('GET', `/v1/businesses/${businessId}`, { headers: { authorization: 'Bearer not-a-token' } }), 401, 'IDENTITY.INVALID_TOKEN');
  });

  test('When the provider is not one the API knows, then 404 and payment is not asked', async () => {
    const answer = await h.request('POST', '/v1/payments/webhooks/paypal', { anonymous: true, rawBody: '{}' });

    expectProblem(answer, 404, 'COMMON.NOT_FOUND');
    expect(h.fakes.calls).toHaveLength(0);
  });
});

describe('Sandbox intents (the sandbox provider\'s client side)', () => {
  const intent = (providerPaymentId: string, action: string) => `/v1/payments/sandbox/intents/${providerPaymentId}/${action}`;
  async function started(): Promise<{ id: string; providerPaymentId: string; clientSecret: string }> {
    const { id, token } = await guestBooking();
    const answer = await h.request('POST', bookingPayments(id), { anonymous: true, headers: { 'x-manage-token': token } });
    return { id, providerPaymentId: answer.body.provider_payment_id, clientSecret: answer.body.client_secret };
  }

  test('When the payer confirms with the test card, then processing; payment hears the intent, secret and method', async () => {
    const payment = await started();

    const answer = await h.request('POST', intent(payment.providerPaymentId, 'confirm'), {
      anonymous: true,
      body: { client_secret: payment.clientSecret, payment_method: 'pm_card_visa' },
    });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'processing', next_action_url: null });
    expect(lastCall('confirmSandboxPayment')).toEqual({ providerPaymentId: payment.providerPaymentId, clientSecret: payment.clientSecret, paymentMethod: 'pm_card_visa' });
  });

  test('When the card needs 3-D Secure, then requires_action with where to authenticate, and approving finishes it', async () => {
    const payment = await started();

    const confirm = await h.request('POST', intent(payment.providerPaymentId, 'confirm'), {
      anonymous: true,
      body: { client_secret: payment.clientSecret, payment_method: 'pm_card_authenticationRequired' },
    });
    const authenticate = await h.request('POST', intent(payment.providerPaymentId, 'authenticate'), {
      anonymous: true,
      body: { client_secret: payment.clientSecret, approve: true },
    });

    expect(confirm.body).toEqual({ status: 'requires_action', next_action_url: intent(payment.providerPaymentId, 'authenticate') });
    expect(authenticate.status).toBe(200);
    expect(authenticate.body).toEqual({ status: 'processing' });
    expect(lastCall('authenticateSandboxPayment')).toEqual({ providerPaymentId: payment.providerPaymentId, clientSecret: payment.clientSecret, approve: true });
  });

  test("When the secret is another payment's, then payment's 403 passes through", async () => {
    const mine = await started();
    const theirs = await started();

    const answer = await h.request('POST', intent(mine.providerPaymentId, 'confirm'), {
      anonymous: true,
      body: { client_secret: theirs.clientSecret, payment_method: 'pm_card_visa' },
    });

    expectProblem(answer, 403, 'PAYMENT.CLIENT_SECRET_MISMATCH');
  });

  test('When fields are missing or unknown, then 400 lists them and payment is not asked', async () => {
    const confirm = await h.request('POST', intent('pi_sbx_1', 'confirm'), { anonymous: true, body: { payment_method: 'pm_card_amex' } });
    const authenticate = await h.request('POST', intent('pi_sbx_1', 'authenticate'), { anonymous: true, body: { client_secret: 's', approve: 'yes' } });

    expectProblem(confirm, 400, 'COMMON.VALIDATION_FAILED');
    expect(confirm.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/client_secret', '/payment_method']);
    expectProblem(authenticate, 400, 'COMMON.VALIDATION_FAILED');
    expect(authenticate.body.errors).toEqual([{ pointer: '/approve', detail: expect.any(String) }]);
    expect(h.fakes.calls).toHaveLength(0);
  });
});

describe('Webhooks and rate limits', () => {
  let limited: Harness;
  beforeAll(async () => {
    limited = await startHarness({ RATE_LIMIT_ANONYMOUS: '3/60s' });
  });
  afterAll(() => limited.close());

  test('When a provider sends more webhooks than an anonymous client may make requests, then none is limited, while other public routes are', async () => {
    const send = (n: number) =>
      limited.request('POST', '/v1/payments/webhooks/sandbox', { anonymous: true, rawBody: `{"id":"evt_${n}"}`, headers: { [FAKE_SIGNATURE_HEADER]: FAKE_WEBHOOK_SIGNATURE } });

    const answers = [];
    for (let n = 0; n < 6; n++) answers.push(await send(n));
    const publicAnswers = [];
    for (let n = 0; n < 4; n++) publicAnswers.push(await limited.request('POST', '/v1/payments/sandbox/intents/pi_sbx_1/confirm', { anonymous: true, body: {} }));

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers.every((answer) => answer.headers.get('ratelimit') === null)).toBe(true);
    expect(publicAnswers.map((answer) => answer.status)).toEqual([400, 400, 400, 429]);
  });
});
