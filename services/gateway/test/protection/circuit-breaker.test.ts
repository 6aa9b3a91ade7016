import { randomUUID } from 'node:crypto';
import { AppError } from '@omotenashi/errors';
import { expectProblem, startHarness, type Harness, type HttpAnswer } from '../support/gateway-harness';
import { metricSample, waitFor } from './protection-kit';

const businessId = '0190a5b4-7c1e-7000-8000-00000000b006';
const dailyPath = `/v1/businesses/${businessId}/analytics/daily?from=2026-04-01&to=2026-04-02`;
const bookingsPath = `/v1/businesses/${businessId}/bookings`;
const booking = {
  service_id: '0190a5b4-7c1e-7000-8000-00000000c006',
  starts_at: '2026-04-01T10:00:00+09:00',
  customer: { name: 'Hanako', email: 'hanako@example.jp' },
};

// The default thresholds: more than 50 % failures once 5 calls were made.
const BREAKER_ENV = { BREAKER_VOLUME_THRESHOLD: '5', BREAKER_ERROR_THRESHOLD_PERCENT: '50' };
const EVENTS = ['success', 'failure', 'reject', 'open', 'half_open', 'close'] as const;

type Timed = HttpAnswer & { ms: number };
async function timed(send: () => Promise<HttpAnswer>): Promise<Timed> {
  const started = performance.now();
  const answer = await send();
  return { ...answer, ms: performance.now() - started };
}
const times = (count: number, send: () => Promise<Timed>) => Promise.all(Array.from({ length: count }, send));

/** The breaker's state gauge and its event counters (cumulative for this test file's process). */
async function breaker(h: Harness, downstream: string): Promise<{ state?: number } & Record<(typeof EVENTS)[number], number>> {
  const metrics = (await h.request('GET', '/metrics', { anonymous: true })).body as string;
  const events = EVENTS.map((event) => [event, metricSample(metrics, 'circuit_breaker_events_total', { downstream, event }) ?? 0]);
  return { state: metricSample(metrics, 'circuit_breaker_state', { downstream }), ...Object.fromEntries(events) };
}

const callsTo = (h: Harness, method: string) => h.fakes.calls.filter((call) => call.method === method).length;

describe('Circuit breaker: a downstream that hangs', () => {
  let h: Harness;
  // A public route (no sign-in, no membership lookup): its time is the gateway's plus catalog's.
  const getBusiness = () => timed(() => h.request('GET', `/v1/businesses/${randomUUID()}`, { anonymous: true }));
  beforeAll(async () => {
    // A per-downstream deadline override: catalog gets 1.5 s, everything else the 2 s default. Open
    // long enough (10 s) that no trial call slips into the measurements on a busy machine.
    h = await startHarness({ ...BREAKER_ENV, CATALOG_DEADLINE_MS: '1500', BREAKER_RESET_TIMEOUT_MS: '10000' });
  });
  afterAll(() => h.close());

  test('When catalog stops answering, then once the breaker opens its routes answer 503 with Retry-After, without waiting or calling it', async () => {
    h.fakes.override('catalog', 'getBusiness', () => new Promise((resolve) => setTimeout(() => resolve({}), 10_000).unref()));
    const before = await breaker(h, 'catalog');

    // Five calls that each wait out the deadline: enough volume, 100 % failures.
    const slow = await times(5, getBusiness);
    for (const answer of slow) expectProblem(answer, 504, 'COMMON.DEADLINE_EXCEEDED');
    const opened = await breaker(h, 'catalog');
    expect(opened).toMatchObject({ state: 2, failure: before.failure + 5, open: before.open + 1 });
    const reached = callsTo(h, 'getBusiness');

    const burst = await times(20, getBusiness);
    const oneByOne: Timed[] = [];
    for (let i = 0; i < 10; i++) oneByOne.push(await getBusiness());

    for (const answer of [...burst, ...oneByOne]) {
      expectProblem(answer, 503, 'COMMON.UNAVAILABLE');
      expect(answer.body.detail).toBe('catalog is temporarily unavailable');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(answer.headers.get('retry-after'))).toBeLessThanOrEqual(10);
    }
    // The proof that calls fail fast: none reached catalog, none waited for the deadline.
    expect(callsTo(h, 'getBusiness')).toBe(reached);
    expect((await breaker(h, 'catalog')).reject).toBe(opened.reject + 30);
    const slowest = Math.max(...oneByOne.map((answer) => answer.ms));
    console.info(
      `deadline 1500 ms: timed-out calls took ${Math.round(Math.min(...slow.map((a) => a.ms)))}+ ms; ` +
        `with the breaker open, one-by-one answers took at most ${Math.round(slowest)} ms, a burst of 20 at most ${Math.round(Math.max(...burst.map((a) => a.ms)))} ms`,
    );
    expect(slowest).toBeLessThan(750);
  });

  test('When catalog is open, then the other downstreams still serve', async () => {
    expect((await h.request('GET', dailyPath)).status).toBe(200);
    expect((await breaker(h, 'analytics')).state).toBe(0);
  });
});

describe('Circuit breaker: a downstream that is killed and restarted', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ...BREAKER_ENV, BREAKER_RESET_TIMEOUT_MS: '3000' });
  });
  afterAll(() => h.close());

  test('When analytics is killed, then its routes turn into 503s with Retry-After; back on the same port, the breaker half-opens, closes and the routes work again', async () => {
    expect((await h.request('GET', dailyPath)).status).toBe(200);
    const before = await breaker(h, 'analytics');
    await h.fakes.stop('analytics');

    for (let i = 0; i < 5; i++) expectProblem(await h.request('GET', dailyPath), 503, 'COMMON.UNAVAILABLE');
    expect(await breaker(h, 'analytics')).toMatchObject({ state: 2, open: before.open + 1 });
    const open = await h.request('GET', dailyPath);
    expectProblem(open, 503, 'COMMON.UNAVAILABLE');
    expect(open.headers.get('retry-after')).toMatch(/^[123]$/);

    await h.fakes.restart('analytics');
    // After BREAKER_RESET_TIMEOUT_MS one trial call goes through; gRPC reconnects on its own backoff.
    await waitFor(async () => (await h.request('GET', dailyPath)).status === 200, 20_000, 250);

    expect(await breaker(h, 'analytics')).toMatchObject({
      state: 0,
      half_open: expect.any(Number),
      close: before.close + 1,
    });
    expect((await breaker(h, 'analytics')).half_open).toBeGreaterThan(before.half_open);
    const answers = await Promise.all(Array.from({ length: 10 }, () => h.request('GET', dailyPath)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
  });
});

describe('Circuit breaker: business errors', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(BREAKER_ENV);
  });
  afterAll(() => h.close());

  test('When booking answers NOT_FOUND and SLOT_TAKEN again and again, then its breaker stays closed and every call reaches it', async () => {
    h.fakes.override('booking', 'createBooking', async () => {
      throw new AppError('BOOKING.SLOT_TAKEN', 'That slot was just taken', { kind: 'conflict' });
    });
    const before = await breaker(h, 'booking');

    const missing = await Promise.all(Array.from({ length: 10 }, () => h.request('GET', `${bookingsPath}/${randomUUID()}`)));
    const taken = await Promise.all(Array.from({ length: 10 }, () => h.request('POST', bookingsPath, { body: booking, anonymous: true })));

    expect(missing.map((answer) => answer.status)).toEqual(Array(10).fill(404));
    for (const answer of taken) expectProblem(answer, 409, 'BOOKING.SLOT_TAKEN');
    expect(await breaker(h, 'booking')).toMatchObject({
      state: 0,
      failure: before.failure,
      open: before.open,
      success: before.success + 20,
    });
    expect(callsTo(h, 'getBooking') + callsTo(h, 'createBooking')).toBe(20);
  });
});
