import { expectProblem, startHarness, type Harness } from './support/gateway-harness';

let h: Harness;
const businessId = '0190a5b4-7c1e-7000-8000-00000000b003';
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.fakes.reset());

describe('GET /v1/businesses/:businessId/analytics/daily', () => {
  test('When a date range is asked for, then analytics gets it and the days come back as data[] in snake_case', async () => {
    const answer = await h.request('GET', `/v1/businesses/${businessId}/analytics/daily?from=2026-04-01&to=2026-04-02`);

    expect(answer.status).toBe(200);
    expect(h.fakes.calls[0]).toMatchObject({
      method: 'getDailyStats',
      businessId,
      request: { businessId, from: '2026-04-01', to: '2026-04-02' },
    });
    expect(answer.body).toEqual({
      data: [
        { date: '2026-04-01', bookings_created: 3, revenue_amount: 16500, currency: 'JPY' },
        { date: '2026-04-02', bookings_created: 0, revenue_amount: 0, currency: 'JPY' },
      ],
    });
  });

  test('When from is missing and to is not a date, then both are listed under /query', async () => {
    const answer = await h.request('GET', `/v1/businesses/${businessId}/analytics/daily?to=2026-02-30`);

    expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
    expect(answer.body.errors).toEqual([
      { pointer: '/query/from', detail: 'is required' },
      { pointer: '/query/to', detail: 'must be a date (YYYY-MM-DD)' },
    ]);
  });

  test('When an unknown query parameter is sent, then it is rejected', async () => {
    const answer = await h.request('GET', `/v1/businesses/${businessId}/analytics/daily?from=2026-04-01&to=2026-04-02&tz=UTC`);

    expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
    expect(answer.body.errors).toEqual([{ pointer: '/query/tz', detail: 'is not a known field' }]);
  });

  test('When to is before from, then it is rejected without asking analytics', async () => {
    const answer = await h.request('GET', `/v1/businesses/${businessId}/analytics/daily?from=2026-04-02&to=2026-04-01`);

    expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
    expect(answer.body.errors).toEqual([{ pointer: '/query/to', detail: 'must not be before from' }]);
    expect(h.fakes.calls).toHaveLength(0);
  });
});
