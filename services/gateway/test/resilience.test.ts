import { expectProblem, startHarness, type Harness } from './support/gateway-harness';

const businessId = '0190a5b4-7c1e-7000-8000-00000000b005';
const booking = {
  service_id: '0190a5b4-7c1e-7000-8000-00000000c005',
  starts_at: '2026-04-01T10:00:00+09:00',
  customer: { name: 'Hanako', email: 'hanako@example.jp' },
};

describe('Downstream failures', () => {
  let h: Harness;
  beforeAll(async () => {
    // A deadline long enough that hitting it would be a 504, not the 503 this suite expects first.
    h = await startHarness({ GRPC_DEADLINE_MS: '300' });
  });
  afterAll(() => h.close());
  beforeEach(() => h.fakes.reset());

  test('When booking answers after the deadline, then the client gets 504 COMMON.DEADLINE_EXCEEDED', async () => {
    // Answers long after the deadline; unref'd so the abandoned answer can't hold the test worker open.
    h.fakes.override('booking', 'createBooking', () => new Promise((resolve) => setTimeout(() => resolve({}), 1_000).unref()));

    const answer = await h.request('POST', `/v1/businesses/${businessId}/bookings`, { body: booking });

    expectProblem(answer, 504, 'COMMON.DEADLINE_EXCEEDED');
    expect(answer.body.detail).toBe('booking did not answer in time');
  });

  test('When booking is down, then the client gets 503 COMMON.UNAVAILABLE with Retry-After at once', async () => {
    await h.fakes.stop('booking');

    const answer = await h.request('POST', `/v1/businesses/${businessId}/bookings`, { body: booking });

    // Not 504: the call failed on the closed port instead of waiting for the deadline.
    expectProblem(answer, 503, 'COMMON.UNAVAILABLE');
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(answer.body.detail).toBe('booking is temporarily unavailable');
  });
});

describe('Graceful shutdown', () => {
  test('When stop() is called during a request, then that request still completes before the gateway closes', async () => {
    const h = await startHarness();
    let release!: () => void;
    const arrived = new Promise<void>((resolve) => {
      h.fakes.override('analytics', 'getDailyStats', () => {
        resolve();
        return new Promise((done) => {
          release = () => done({ days: [] });
        });
      });
    });

    const inFlight = h.request('GET', `/v1/businesses/${businessId}/analytics/daily?from=2026-04-01&to=2026-04-01`);
    await arrived;
    const stopped = h.gateway.stop();
    release();

    try {
      const answer = await inFlight;
      await stopped;
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ data: [] });
      await expect(fetch(`${h.gateway.url}/healthz`)).rejects.toThrow();
    } finally {
      // The gateway stopped above; what is left is the fakes and the test's identity database (it used to leave that).
      await h.fakes.stopAll();
      await h.dropTestData();
    }
  });
});
