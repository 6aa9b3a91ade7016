import { GrpcClient } from '@omotenashi/grpc';
import { isAppError } from '@omotenashi/errors';
import { bookingV1, catalogV1, paymentV1 } from '@omotenashi/proto';
import { eventually } from '@omotenashi/testkit';
import { Client } from 'pg';
import { startWebhookForwarder, type Delivery, type WebhookForwarder } from '../../services/payment/test/support/webhook-forwarder';
import { startPlatform, type TestPlatform } from '../support/platform';
import { tokyoTenAm } from '../support/time';

/**
 * The booking–payment saga under randomized interleavings. Every booking runs a script drawn from a
 * seeded PRNG (SAGA_SEED to replay one, SAGA_BOOKINGS for how many): pay with a card that succeeds, is
 * declined or needs 3-D Secure (passed or failed), or never pay; retry after a decline; let the short
 * hold run out; be cancelled by the guest or the business at a random moment; StartPayment several
 * times at once. The sandbox PSP's webhooks pass a chaos proxy that delays, duplicates, reorders and
 * refuses them. Once everything is quiet, money and bookings must agree for every booking.
 */
const SEED = Number(process.env.SAGA_SEED ?? Date.now() % 2 ** 31);
const BOOKINGS = Number(process.env.SAGA_BOOKINGS ?? 240);
const PARALLEL = 24;
const HOLD_TTL_SECONDS = 6;

/** mulberry32: small, fast, good enough to pick scripts, and reproducible from the seed. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    between: (min: number, max: number) => Math.floor(min + next() * (max - min)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)],
  };
}
type Random = ReturnType<typeof prng>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const METHODS = ['visa', 'decline', '3ds_pass', '3ds_fail', 'never'] as const;
type Method = (typeof METHODS)[number];

/** Refusals a script may meet because of what else happened to its booking; anything else fails the test. */
const EXPECTED_REFUSALS = new Set([
  'PAYMENT.BOOKING_NOT_PAYABLE', 'PAYMENT.PROVIDER_DECLINED', 'BOOKING.INVALID_TRANSITION', 'BOOKING.HOLD_EXPIRED', 'BOOKING.STATUS_CHANGED',
  'BOOKING.CANCEL_WINDOW_CLOSED',
]);
const tolerated = async <T>(label: string, step: Promise<T>): Promise<T | undefined> => {
  try {
    return await step;
  } catch (error) {
    if (isAppError(error) && EXPECTED_REFUSALS.has(error.code)) return undefined;
    throw new Error(`${label} failed: ${isAppError(error) ? error.code : ''} ${(error as Error).message}`, { cause: error });
  }
};

describe(`The payment saga under random interleavings (seed ${SEED})`, () => {
  let platform: TestPlatform;
  let payment: GrpcClient<paymentV1.PaymentServiceClient>;
  let booking: GrpcClient<bookingV1.BookingServiceClient>;
  let proxy: WebhookForwarder;
  let db: Client;
  let businessId: string;
  const inFlight = new Set<Promise<unknown>>();
  const proxyStats = { refused: 0, early: 0, duplicated: 0 };

  /**
   * The chaos proxy's policy for one sandbox webhook: sometimes refuse it (the PSP redelivers later),
   * sometimes answer at once and forward it later (reordering), sometimes forward a second copy.
   */
  function chaos(random: Random) {
    const forwardEventually = (delivery: Delivery, send: (d: Delivery) => Promise<void>, delayMs: number) => {
      const job = (async () => {
        await sleep(delayMs);
        for (let attempt = 0; ; attempt++) {
          try {
            return await send(delivery);
          } catch (error) {
            if (attempt > 20) throw error;
            await sleep(100);
          }
        }
      })();
      inFlight.add(job);
      void job.finally(() => inFlight.delete(job));
      return job;
    };
    return async (delivery: Delivery, send: (d: Delivery) => Promise<void>) => {
      if (random.chance(0.25)) forwardEventually(delivery, send, random.between(0, 2500)).then(() => proxyStats.duplicated++);
      if (random.chance(0.15)) {
        proxyStats.refused++;
        throw new Error('chaos: refused');
      }
      if (random.chance(0.4)) {
        proxyStats.early++;
        void forwardEventually(delivery, send, random.between(0, 1500));
        return;
      }
      await forwardEventually(delivery, send, random.between(0, 300));
    };
  }

  beforeAll(async () => {
    platform = await startPlatform('paysaga', {
      HOLD_TTL_SECONDS: String(HOLD_TTL_SECONDS),
      HOLD_SWEEP_INTERVAL_MS: '1000',
      PAYMENT_INBOX_POLL_MS: '50',
      GRPC_DEADLINE_MS: '15000',
    });
    const options = { downstream: 'test', deadlineMs: 20_000 };
    payment = new GrpcClient(paymentV1.PaymentServiceClient, platform.env.PAYMENT_GRPC_URL, options);
    booking = new GrpcClient(bookingV1.BookingServiceClient, platform.env.BOOKING_GRPC_URL, options);
    proxy = await startWebhookForwarder(Number(platform.env.PORT), payment, chaos(prng(SEED ^ 0x5eed)));
    db = new Client({ connectionString: platform.infra.databaseUrl });
    await db.connect();
    const catalog = new GrpcClient(catalogV1.CatalogServiceClient, platform.env.CATALOG_GRPC_URL, options);
    const { business } = await catalog.call('createBusiness', catalogV1.CreateBusinessRequest.fromPartial({
      slug: `saga-${platform.infra.runId.replace(/_/g, '-')}`, displayNameEn: 'Saga Studio', category: 'fitness', timezone: 'Asia/Tokyo',
      policy: { minNoticeMinutes: 0, bookingHorizonDays: 60 },
    }));
    businessId = business!.id;
    catalog.close();
  });

  afterAll(async () => {
    await proxy?.close();
    await Promise.allSettled([...inFlight]);
    payment?.close();
    booking?.close();
    await db?.end();
    await platform?.stop();
  });

  async function createService(prepayment: 'full' | 'deposit'): Promise<string> {
    const catalog = new GrpcClient(catalogV1.CatalogServiceClient, platform.env.CATALOG_GRPC_URL, { downstream: 'test', deadlineMs: 10_000 });
    try {
      const { service } = await catalog.call('createService', catalogV1.CreateServiceRequest.fromPartial({
        businessId, nameEn: `Class (${prepayment})`, category: 'fitness', durationMinutes: 60, price: { amount: 8000, currency: 'JPY' },
        capacity: BOOKINGS + 10, prepayment, depositAmount: prepayment === 'deposit' ? 2000 : 0,
      }));
      return service!.id;
    } finally {
      catalog.close();
    }
  }

  /** Pays one attempt the way the script says; the outcome arrives by webhook. */
  async function pay(method: Method, current: paymentV1.Payment, random: Random): Promise<void> {
    // A payment the saga already called off (its booking ended meanwhile) shows no client secret: nothing to pay.
    if (method === 'never' || !current.clientSecret) return;
    const ids = { providerPaymentId: current.providerPaymentId, clientSecret: current.clientSecret };
    const card = method === 'visa' ? 'pm_card_visa' : method === 'decline' ? 'pm_card_chargeDeclined' : 'pm_card_authenticationRequired';
    const confirmed = await tolerated('ConfirmSandboxPayment', payment.call('confirmSandboxPayment', { ...ids, paymentMethod: card }));
    if (!confirmed || confirmed.status !== 'requires_action') return;
    await sleep(random.between(0, 1500));
    await tolerated('AuthenticateSandboxPayment', payment.call('authenticateSandboxPayment', { ...ids, approve: method === '3ds_pass' }));
  }

  async function startPayment(bookingId: string, copies: number): Promise<paymentV1.Payment | undefined> {
    const answers = await Promise.all(Array.from({ length: copies }, () => tolerated('StartPayment', payment.call('startPayment', { businessId, bookingId, provider: '' }))));
    const ids = new Set(answers.flatMap((a) => (a ? [a.payment!.id] : [])));
    expect(ids.size).toBeLessThanOrEqual(1); // racing StartPayments agree on one payment
    return answers.find(Boolean)?.payment;
  }

  /** One booking's random life. */
  async function script(index: number, serviceId: string, random: Random): Promise<void> {
    const { booking: held, manageToken } = await booking.call('createBooking', bookingV1.CreateBookingRequest.fromPartial({
      businessId, serviceId, startsAt: tokyoTenAm(7), partySize: 1, customer: { name: `Guest ${index}`, email: `saga-${index}@example.jp` },
    }));
    const bookingId = held!.id;
    const method = random.pick(METHODS);
    const retryWithVisa = method !== 'visa' && method !== 'never' && random.chance(0.5);
    // Most pay well within the hold; some so late that the hold may run out first.
    const payDelay = random.chance(0.7) ? random.between(0, 2000) : random.between((HOLD_TTL_SECONDS - 2) * 1000, (HOLD_TTL_SECONDS + 1) * 1000);
    const cancelAt = random.chance(0.3) ? random.between(0, (HOLD_TTL_SECONDS + 2) * 1000) : undefined;
    const byGuest = random.chance(0.5);
    const tasks: Promise<unknown>[] = [];
    if (cancelAt !== undefined) {
      tasks.push((async () => {
        await sleep(cancelAt);
        const actor = byGuest ? { kind: 'guest', id: '', manageToken } : { kind: 'business', id: 'saga-owner', manageToken: '' };
        await tolerated('CancelBooking', booking.call('cancelBooking', { businessId, bookingId, actor, reason: 'saga test', expectedStatus: '' }));
      })());
    }
    tasks.push((async () => {
      await sleep(payDelay);
      const first = await startPayment(bookingId, random.between(1, 4));
      if (!first) return;
      await pay(method, first, random);
      if (!retryWithVisa) return;
      await sleep(random.between(200, 1200));
      const second = await startPayment(bookingId, random.between(1, 3));
      if (second && second.id !== first.id && second.clientSecret) await pay('visa', second, random);
    })());
    await Promise.all(tasks);
  }

  async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await db.query(sql, params)).rows as T[];
  }

  /** Quiet: nothing held, nothing waiting in any queue, twice in a row a second apart. */
  async function quiescent(): Promise<void> {
    let previous = '';
    await eventually(async () => {
      const [state] = await rows<Record<string, string>>(`SELECT
        (SELECT count(*) FROM booking.bookings WHERE status = 'held') AS held,
        (SELECT count(*) FROM booking.outbox WHERE published_at IS NULL) AS booking_outbox,
        (SELECT count(*) FROM payment.outbox WHERE published_at IS NULL) AS payment_outbox,
        (SELECT count(*) FROM payment.webhook_inbox WHERE processed_at IS NULL) AS inbox,
        (SELECT count(*) FROM payment.provider_commands WHERE status = 'pending') AS commands,
        (SELECT count(*) FROM payment.sandbox_webhook_deliveries WHERE delivered_at IS NULL) AS deliveries,
        (SELECT count(*) FROM payment.payment_refunds WHERE status = 'pending') AS refunds,
        (SELECT count(*) FROM payment.processed_events) AS payment_consumed,
        (SELECT count(*) FROM booking.processed_events) AS booking_consumed,
        (SELECT count(*) FROM payment.booking_payments WHERE status IN ('requires_payment_method', 'requires_action', 'authorized')) AS open`);
      const busy = ['held', 'booking_outbox', 'payment_outbox', 'inbox', 'commands', 'deliveries', 'refunds', 'open'].some((key) => Number(state[key]) > 0);
      const fingerprint = JSON.stringify(state);
      const settled = !busy && inFlight.size === 0 && fingerprint === previous;
      previous = fingerprint;
      return settled;
    }, 90_000, 1_000);
  }

  it('When hundreds of bookings pay, fail, expire and cancel in random order, then confirmed bookings and captured payments agree', async () => {
    console.log(`payment saga: seed ${SEED}, ${BOOKINGS} bookings (SAGA_SEED=${SEED} to replay)`);
    const services = [await createService('full'), await createService('deposit')];
    const random = prng(SEED);
    const scripts = Array.from({ length: BOOKINGS }, (_, i) => ({ i, serviceId: random.pick(services), random: prng(SEED + i + 1) }));
    let next = 0;
    await Promise.all(Array.from({ length: PARALLEL }, async () => {
      while (next < scripts.length) {
        const { i, serviceId, random: own } = scripts[next++];
        await script(i, serviceId, own);
      }
    }));
    await quiescent();

    const bookings = await rows<{ id: string; status: string; payment_id: string | null; refund_amount: string | null; cancelled_from: string | null }>(
      `SELECT b.id, b.status, b.payment_id, b.refund_amount, s.previous_status AS cancelled_from
       FROM booking.bookings b LEFT JOIN payment.booking_states s ON s.booking_id = b.id WHERE b.business_id = $1`, [businessId]);
    const payments = await rows<{ id: string; booking_id: string; status: string; amount: string; amount_refunded: string; provider_payment_id: string }>(
      'SELECT id, booking_id, status, amount, amount_refunded, provider_payment_id FROM payment.booking_payments WHERE business_id = $1', [businessId]);
    const refunds = await rows<{ payment_id: string; amount: string; status: string; reason: string }>('SELECT payment_id, amount, status, reason FROM payment.payment_refunds');
    const psp = await rows<{ id: string; status: string; amount_received: string; amount_refunded: string; refunds: string }>(
      `SELECT i.id, i.status, i.amount_received, i.amount_refunded, (SELECT count(*) FROM payment.sandbox_refunds r WHERE r.intent_id = i.id) AS refunds
       FROM payment.sandbox_intents i`);
    const pspById = new Map(psp.map((intent) => [intent.id, intent]));
    expect(bookings).toHaveLength(BOOKINGS);

    const tally: Record<string, number> = {};
    const problems: string[] = [];
    for (const b of bookings) {
      tally[b.status] = (tally[b.status] ?? 0) + 1;
      const own = payments.filter((p) => p.booking_id === b.id);
      const captured = own.filter((p) => ['succeeded', 'partially_refunded', 'refunded'].includes(p.status));
      const keeps = captured.filter((p) => Number(p.amount_refunded) === 0);
      if (own.some((p) => ['requires_payment_method', 'requires_action', 'authorized'].includes(p.status))) problems.push(`${b.id}: open payment on a ${b.status} booking`);
      if (b.status === 'confirmed') {
        if (keeps.length !== 1 || keeps[0].id !== b.payment_id) problems.push(`${b.id}: confirmed but kept payments are [${keeps.map((p) => p.id)}] (confirmed by ${b.payment_id})`);
      } else if (b.status !== 'cancelled' || b.cancelled_from !== 'confirmed') {
        if (keeps.length > 0) problems.push(`${b.id}: ${b.status} but payments [${keeps.map((p) => p.id)}] kept money`);
      }
      for (const p of captured) {
        const intent = pspById.get(p.provider_payment_id)!;
        const own_refunds = refunds.filter((r) => r.payment_id === p.id);
        const succeeded = own_refunds.filter((r) => r.status === 'succeeded');
        const refundedSum = succeeded.reduce((sum, r) => sum + Number(r.amount), 0);
        if (refundedSum !== Number(p.amount_refunded)) problems.push(`${p.id}: refunds add up to ${refundedSum}, payment says ${p.amount_refunded}`);
        if (Number(intent.amount_received) !== Number(p.amount)) problems.push(`${p.id}: PSP received ${intent.amount_received} of ${p.amount}`);
        if (Number(intent.amount_refunded) !== Number(p.amount_refunded) || Number(intent.refunds) !== succeeded.length) {
          problems.push(`${p.id}: PSP refunded ${intent.amount_refunded} in ${intent.refunds}, we recorded ${p.amount_refunded} in ${succeeded.length}`);
        }
        const isConfirming = p.id === b.payment_id;
        if (b.status === 'confirmed' && isConfirming) continue;
        if (b.status === 'cancelled' && b.cancelled_from === 'confirmed' && isConfirming) {
          if (Number(p.amount_refunded) !== Math.min(Number(b.refund_amount ?? 0), Number(p.amount))) problems.push(`${p.id}: cancelled booking refunded ${p.amount_refunded}, policy says ${b.refund_amount}`);
          continue;
        }
        // A stray capture: refunded in full, exactly once.
        if (succeeded.length !== 1 || Number(p.amount_refunded) !== Number(p.amount) || p.status !== 'refunded') {
          problems.push(`${p.id}: stray capture on a ${b.status} booking has ${succeeded.length} refunds totalling ${p.amount_refunded} of ${p.amount}`);
        }
      }
    }
    // Money is taken only by payments we know of.
    for (const intent of psp.filter((i) => Number(i.amount_received) > 0 && !payments.some((p) => p.provider_payment_id === i.id))) {
      problems.push(`intent ${intent.id} captured money no payment records`);
    }
    const byReason = refunds.reduce<Record<string, number>>((counts, r) => ({ ...counts, [r.reason]: (counts[r.reason] ?? 0) + 1 }), {});
    console.log(`payment saga: bookings ${JSON.stringify(tally)}, payments ${payments.length}, refunds ${JSON.stringify(byReason)}, proxy ${JSON.stringify(proxyStats)}, webhooks ${proxy.received.length}`);
    expect(problems).toEqual([]);
    expect(Object.keys(tally).sort()).toEqual(expect.arrayContaining(['cancelled', 'confirmed', 'expired']));

    const [{ dead }] = await rows<{ dead: string }>(`SELECT (SELECT count(*) FROM payment.dead_letters) + (SELECT count(*) FROM booking.dead_letters) AS dead`);
    expect(Number(dead)).toBe(0);
    // Nothing stuck for an operator. A cancel or capture may be refused when the other won the race (the
    // intent was already captured, or already canceled); the money checks above prove those ended right.
    const parked = await rows(`SELECT 'inbox' AS what, event_type AS kind, last_error FROM payment.webhook_inbox WHERE parked_at IS NOT NULL
                               UNION ALL
                               SELECT 'command', kind, last_error FROM payment.provider_commands
                               WHERE status = 'parked' OR (status = 'failed' AND kind NOT IN ('cancel', 'capture'))`);
    expect(parked).toEqual([]);
    const [{ unpublished }] = await rows<{ unpublished: string }>(
      `SELECT (SELECT count(*) FROM payment.outbox WHERE published_at IS NULL) + (SELECT count(*) FROM booking.outbox WHERE published_at IS NULL) AS unpublished`);
    expect(Number(unpublished)).toBe(0);
  }, 240_000);
});
