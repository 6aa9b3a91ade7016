import { createHmac, randomUUID } from 'node:crypto';
import { eventually } from '@omotenashi/testkit';
import { Client } from 'pg';
import type { RunningGateway } from '../../services/gateway/src/app';
import { call, startPlatformGateway, type JsonAnswer } from '../support/gateway';
import { startPlatform, type TestPlatform } from '../support/platform';

/**
 * The booking–payment saga over HTTP, against the real gateway and every real service: a guest books a
 * prepaid service (held), starts its payment, pays with the sandbox provider's test cards; the sandbox
 * PSP posts its signed webhook to the gateway; payment records the outcome and booking confirms the
 * hold. Refunds follow the business's cancellation and its managers' decisions.
 */
const PASSWORD = 'correct horse battery staple';
/** The sandbox PSP's development signing secret (payment's default outside production). */
const SANDBOX_SECRET = 'whsec_sandbox_development_only_secret';
const SIGNATURE_HEADER = 'omotenashi-sandbox-signature';
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const at = (day: number, time: string) => `${inDays(day)}T${time}:00+09:00`;
const sign = (body: string, timestamp = Math.floor(Date.now() / 1000)) =>
  `t=${timestamp},v1=${createHmac('sha256', SANDBOX_SECRET).update(`${timestamp}.`).update(body).digest('hex')}`;
const SETTLE_MS = 30_000;

describe('Payments through the gateway', () => {
  let platform: TestPlatform;
  let gateway: RunningGateway;
  let db: Client;
  const people: Record<'owner' | 'manager' | 'staff', Record<string, string>> = { owner: {}, manager: {}, staff: {} };
  let salon: string;
  let fullPrepaid: string;
  let deposit: string;
  let day = 20;
  const http = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(gateway.url, method, path, body, headers);
  const bookings = () => `/v1/businesses/${salon}/bookings`;
  const paymentsOf = (bookingId: string) => `${bookings()}/${bookingId}/payments`;

  async function signUp(name: string): Promise<{ auth: Record<string, string>; email: string }> {
    const email = `${name}-${randomUUID().slice(0, 8)}@example.jp`;
    const answer = await http('POST', '/v1/auth/signup', { email, password: PASSWORD, display_name: name });
    expect(answer.status).toBe(201);
    return { auth: { authorization: `Bearer ${answer.body.access_token}` }, email };
  }

  async function service(body: Record<string, unknown>): Promise<string> {
    const created = await http(
      'POST',
      `/v1/businesses/${salon}/services`,
      { name_ja: 'カラー', name_en: 'Colour', category: 'hair', duration_minutes: 60, ...body },
      people.owner,
    );
    expect(created.status).toBe(201);
    return created.body.id;
  }

  /** A guest's booking of `serviceId` on a day of its own: id, token and the booking as answered. */
  async function guestBooks(serviceId: string): Promise<{ id: string; token: Record<string, string>; booking: JsonAnswer['body'] }> {
    const answer = await http('POST', bookings(), {
      service_id: serviceId,
      starts_at: at(day++, '10:00'),
      customer: { name: '佐藤 花子', email: `guest-${randomUUID().slice(0, 8)}@example.jp`, locale: 'ja' },
    });
    expect(answer.status).toBe(201);
    return { id: answer.body.id, token: { 'x-manage-token': answer.body.manage_token }, booking: answer.body };
  }

  const startPayment = (bookingId: string, token: Record<string, string>) => http('POST', paymentsOf(bookingId), undefined, token);
  const confirm = (payment: JsonAnswer['body'], paymentMethod: string) =>
    http('POST', `/v1/payments/sandbox/intents/${payment.provider_payment_id}/confirm`, { client_secret: payment.client_secret, payment_method: paymentMethod });
  const bookingStatus = async (bookingId: string) => (await http('GET', `${bookings()}/${bookingId}`, undefined, people.staff)).body.status;
  /** The booking's one payment as the business sees it, once `ready` holds for it. */
  const paymentOnceItIs = (bookingId: string, ready: (payment: JsonAnswer['body']) => boolean) =>
    eventually(async () => {
      const list = await http('GET', paymentsOf(bookingId), undefined, people.staff);
      const payment = list.body.data?.[0];
      return payment && ready(payment) ? payment : undefined;
    }, SETTLE_MS, 200);
  const bookingOnceIt = (bookingId: string, status: string) => eventually(async () => (await bookingStatus(bookingId)) === status, SETTLE_MS, 200);

  /** A guest's full-price booking, paid with the card that succeeds, and confirmed by the saga. */
  async function paidAndConfirmed(): Promise<{ id: string; token: Record<string, string>; payment: JsonAnswer['body'] }> {
    const booked = await guestBooks(fullPrepaid);
    const started = await startPayment(booked.id, booked.token);
    expect((await confirm(started.body, 'pm_card_visa')).status).toBe(200);
    await bookingOnceIt(booked.id, 'confirmed');
    const payment = await paymentOnceItIs(booked.id, (p) => p.status === 'succeeded');
    return { ...booked, payment };
  }

  beforeAll(async () => {
    platform = await startPlatform('payments');
    gateway = await startPlatformGateway(platform, { RATE_LIMIT_ENABLED: 'false', PASSWORD_SCRYPT_LOG_N: '15' });
    db = new Client({ connectionString: platform.infra.databaseUrl });
    await db.connect();
    const owner = await signUp('owner');
    people.owner = owner.auth;
    const created = await http(
      'POST',
      '/v1/businesses',
      {
        slug: `prepaid-salon-${randomUUID().slice(0, 6)}`,
        display_name_ja: '前払いサロン',
        display_name_en: 'Prepaid Salon',
        category: 'hair',
        timezone: 'Asia/Tokyo',
        policy: { cancel_cutoff_hours: 24, cancellation_fee_percent: 50 },
      },
      owner.auth,
    );
    expect(created.status).toBe(201);
    salon = created.body.id;
    fullPrepaid = await service({ price_amount: 6_600, prepayment: 'full' });
    deposit = await service({ name_en: 'Perm', price_amount: 12_000, prepayment: 'deposit', deposit_amount: 3_000 });
    for (const role of ['manager', 'staff'] as const) {
      const person = await signUp(role);
      people[role] = person.auth;
      expect((await http('POST', `/v1/businesses/${salon}/members`, { email: person.email, role }, owner.auth)).status).toBe(201);
    }
  });

  afterAll(async () => {
    await db?.end();
    await gateway?.stop();
    await platform?.stop();
  });

  test('When a guest pays a prepaid booking with the test card, then the signed webhook reaches the gateway and the hold becomes confirmed', async () => {
    const booked = await guestBooks(fullPrepaid);
    expect(booked.booking).toMatchObject({ status: 'held', hold_expires_at: expect.any(String), policy: { prepayment: 'full' } });

    const started = await startPayment(booked.id, booked.token);
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      booking_id: booked.id,
      provider: 'sandbox',
      kind: 'full',
      amount: 6_600,
      currency: 'JPY',
      client_secret: expect.any(String),
      amount_refunded: 0,
      refunds: [],
    });
    const again = await startPayment(booked.id, booked.token);
    expect([again.status, again.body.id]).toEqual([200, started.body.id]);

    const confirmed = await confirm(started.body, 'pm_card_visa');
    expect(confirmed.status).toBe(200);

    await bookingOnceIt(booked.id, 'confirmed');
    const payment = await paymentOnceItIs(booked.id, (p) => p.status === 'succeeded');
    expect(payment).toMatchObject({ id: started.body.id, succeeded_at: expect.any(String), client_secret: null });
    const asGuest = await http('GET', paymentsOf(booked.id), undefined, booked.token);
    expect(asGuest.body).toEqual({ data: [expect.objectContaining({ id: started.body.id, status: 'succeeded', client_secret: null })], next_cursor: null });
  });

  test('When the guest starts the payment five times at once, then exactly one is created and every answer names it', async () => {
    const booked = await guestBooks(fullPrepaid);

    const answers = await Promise.all(Array.from({ length: 5 }, () => startPayment(booked.id, booked.token)));

    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    const list = await http('GET', paymentsOf(booked.id), undefined, people.owner);
    expect(list.body.data).toHaveLength(1);
  });

  test('When the card is declined, then the payment fails with its reason and the booking stays held', async () => {
    const booked = await guestBooks(fullPrepaid);
    const started = await startPayment(booked.id, booked.token);

    expect((await confirm(started.body, 'pm_card_chargeDeclined')).status).toBe(200);

    const payment = await paymentOnceItIs(booked.id, (p) => p.status === 'failed');
    expect(payment).toMatchObject({ failure_code: expect.any(String), failed_at: expect.any(String) });
    expect(await bookingStatus(booked.id)).toBe('held');
  });

  test('When the card asks for 3-D Secure and the guest passes it, then the payment succeeds and the booking is confirmed', async () => {
    const booked = await guestBooks(fullPrepaid);
    const started = await startPayment(booked.id, booked.token);

    const confirmed = await confirm(started.body, 'pm_card_authenticationRequired');
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ status: 'requires_action', next_action_url: expect.any(String) });
    const authenticated = await http('POST', `/v1/payments/sandbox/intents/${started.body.provider_payment_id}/authenticate`, {
      client_secret: started.body.client_secret,
      approve: true,
    });
    expect(authenticated.status).toBe(200);

    await bookingOnceIt(booked.id, 'confirmed');
    await paymentOnceItIs(booked.id, (p) => p.status === 'succeeded');
  });

  test('When the service takes a deposit, then only the deposit is charged and paying it confirms the booking', async () => {
    const booked = await guestBooks(deposit);
    expect(booked.booking.policy).toMatchObject({ prepayment: 'deposit', deposit_amount: 3_000 });

    const started = await startPayment(booked.id, booked.token);
    expect(started.body).toMatchObject({ kind: 'deposit', amount: 3_000, currency: 'JPY' });
    expect((await confirm(started.body, 'pm_card_visa')).status).toBe(200);

    await bookingOnceIt(booked.id, 'confirmed');
    await paymentOnceItIs(booked.id, (p) => p.status === 'succeeded' && p.amount === 3_000);
  });

  test('When the business cancels a paid booking, then the refund its policy promises appears on the payment', async () => {
    const { id, payment } = await paidAndConfirmed();

    const cancelled = await http('POST', `${bookings()}/${id}/cancel`, { reason: '臨時休業' }, people.manager);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.refund_amount).toBe(payment.amount);

    const refunded = await paymentOnceItIs(id, (p) => p.refunds.some((r: { status: string }) => r.status === 'succeeded'));
    expect(refunded.refunds).toEqual([expect.objectContaining({ amount: cancelled.body.refund_amount, reason: 'booking_cancelled', status: 'succeeded' })]);
    expect(refunded).toMatchObject({ status: 'refunded', amount_refunded: payment.amount });
  });

  test('When a manager refunds part of a payment, then 201 with the refund; staff may not (403), and a retry with the same key is the same refund', async () => {
    const { payment } = await paidAndConfirmed();
    const refund = `/v1/businesses/${salon}/payments/${payment.id}/refund`;

    const byStaff = await http('POST', refund, { amount: 1_000 }, people.staff);
    const first = await http('POST', refund, { amount: 1_000, note: 'お詫び' }, { ...people.manager, 'idempotency-key': `refund-${payment.id}` });
    const retry = await http('POST', refund, { amount: 1_000, note: 'お詫び' }, { ...people.manager, 'idempotency-key': `refund-${payment.id}` });
    const tooMuch = await http('POST', refund, { amount: payment.amount }, people.owner);

    expect(byStaff.status).toBe(403);
    expect(byStaff.body.code).toBe('IDENTITY.FORBIDDEN');
    expect(first.status).toBe(201);
    expect(first.body.refund).toMatchObject({ amount: 1_000, currency: 'JPY', reason: 'requested_by_business' });
    expect(retry.body.refund.id).toBe(first.body.refund.id);
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('PAYMENT.REFUND_EXCEEDS_CAPTURED');
    const settled = await eventually(async () => {
      const read = await http('GET', `/v1/businesses/${salon}/payments/${payment.id}`, undefined, people.staff);
      return read.body.amount_refunded === 1_000 && read.body.status === 'partially_refunded' ? read.body : undefined;
    }, SETTLE_MS, 200);
    expect(settled.refunds).toHaveLength(1);
  });

  test('When someone forges a webhook, then 400 problem+json and nothing changes; a replay of a real one is a 200 duplicate', async () => {
    const booked = await guestBooks(fullPrepaid);
    const started = await startPayment(booked.id, booked.token);
    const forgedBody = JSON.stringify({
      id: `evt_${randomUUID().replace(/-/g, '')}`,
      type: 'payment_intent.succeeded',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: started.body.provider_payment_id, object: 'payment_intent', status: 'succeeded', amount: 6_600, currency: 'jpy' } },
    });

    const forged = await call(gateway.url, 'POST', '/v1/payments/webhooks/sandbox', undefined, {});
    expect(forged.status).toBe(400);
    const wrongKey = await fetch(`${gateway.url}/v1/payments/webhooks/sandbox`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` },
      body: forgedBody,
    });
    const problem = (await wrongKey.json()) as Record<string, unknown>;
    expect(wrongKey.status).toBe(400);
    expect(wrongKey.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(problem).toMatchObject({ status: 400, code: 'PAYMENT.WEBHOOK_SIGNATURE_INVALID' });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await bookingStatus(booked.id)).toBe('held');
    expect((await http('GET', paymentsOf(booked.id), undefined, people.staff)).body.data[0].status).toBe('requires_payment_method');

    // A webhook the sandbox PSP really delivered, sent again with a fresh valid signature: stored once only.
    const { id: paidBooking } = await paidAndConfirmed();
    const { rows } = await db.query(
      `SELECT body FROM payment.sandbox_webhook_deliveries WHERE delivered_at IS NOT NULL AND body LIKE $1 ORDER BY seq LIMIT 1`,
      [`%${(await http('GET', paymentsOf(paidBooking), undefined, people.staff)).body.data[0].provider_payment_id}%`],
    );
    const delivered: string = rows[0].body;
    const replay = await fetch(`${gateway.url}/v1/payments/webhooks/sandbox`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: sign(delivered) },
      body: delivered,
    });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ received: true, duplicate: true });
  });
});
