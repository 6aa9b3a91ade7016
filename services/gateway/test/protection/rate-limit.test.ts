import { randomUUID } from 'node:crypto';
import { expectProblem, startHarness, type Harness, type HttpAnswer } from '../support/gateway-harness';
import { metricSample, rateLimit, rateLimitPolicy, sleep } from './protection-kit';

// A public route: an unknown business is catalog's 404, which counts as admitted as far as limits go.
const publicPath = () => `/v1/businesses/${randomUUID()}`;
type Init = { headers?: Record<string, string>; anonymous?: boolean; body?: unknown };

let nextIp = 1;
const freshIp = () => `198.51.100.${nextIp++}`;
const burst = (count: number, send: () => Promise<HttpAnswer>) => Promise.all(Array.from({ length: count }, send));
const statuses = (answers: HttpAnswer[]) => answers.map((answer) => answer.status);

/**
 * Requests come from the client address named in X-Forwarded-For (TRUST_PROXY), so every test spends
 * buckets of its own. Quotas are small, windows long enough that a burst never straddles two; the
 * harness's signed-in owner is bypassed (`anonymous`) unless a test sends its own Authorization.
 */
describe('Rate limits', () => {
  let h: Harness;
  const get = (ip: string, init: Init = { anonymous: true }) =>
    h.request('GET', publicPath(), { ...init, headers: { 'x-forwarded-for': ip, ...init.headers } });

  beforeAll(async () => {
    h = await startHarness({
      TRUST_PROXY: 'true',
      RATE_LIMIT_ANONYMOUS: '10/30s',
      RATE_LIMIT_USER: '20/30s',
      RATE_LIMIT_API_KEY: '30/30s',
      RATE_LIMIT_AUTH: '3/60s',
    });
  });
  afterAll(() => h.close());

  test('When quota + 15 requests arrive at once, then exactly the quota is admitted and the rest get 429 with Retry-After = t', async () => {
    const ip = freshIp();
    const answers = await burst(25, () => get(ip));

    const admitted = answers.filter((answer) => answer.status !== 429);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(admitted).toHaveLength(10);
    expect(refused).toHaveLength(15);
    for (const answer of answers) expect(rateLimitPolicy(answer.headers)).toEqual({ policy: 'anonymous', q: 10, w: 30 });
    // Each admitted request saw its own remaining count: 9, 8, … 0, none twice.
    expect(admitted.map((answer) => rateLimit(answer.headers).r).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const answer of refused) {
      expectProblem(answer, 429, 'COMMON.RATE_LIMITED');
      const limit = rateLimit(answer.headers);
      expect(limit).toEqual({ policy: 'anonymous', r: 0, t: expect.any(Number) });
      expect(limit.t).toBeGreaterThanOrEqual(1);
      expect(limit.t).toBeLessThanOrEqual(30);
      expect(answer.headers.get('retry-after')).toBe(String(limit.t));
    }
  });

  test("When one IP has used up its quota, then another IP's requests are still admitted", async () => {
    const [spent, other] = [freshIp(), freshIp()];
    expect(statuses(await burst(11, () => get(spent)))).toContain(429);

    const answer = await get(other);

    expect(answer.status).toBe(404);
    expect(rateLimit(answer.headers)).toEqual({ policy: 'anonymous', r: 9, t: 30 });
  });

  test('When an IPv6 client rotates addresses inside its /64, then they share one bucket; another /64 has its own', async () => {
    await burst(10, () => get('2001:db8:1:2::1'));

    expect((await get('2001:db8:1:2:ffff::42')).status).toBe(429);
    expect((await get('2001:db8:1:3::1')).status).toBe(404);
  });

  test("When a user has used up the user quota, then another user and anonymous callers on the same IP are unaffected", async () => {
    const ip = freshIp();
    const [alice, bob] = [await signUp('alice'), await signUp('bob')];

    const answers = await burst(25, () => get(ip, { headers: alice }));
    expect(answers.filter((answer) => answer.status !== 429)).toHaveLength(20);
    expect(rateLimitPolicy(answers[0]!.headers)).toEqual({ policy: 'user', q: 20, w: 30 });

    expect(rateLimit((await get(ip, { headers: bob })).headers)).toMatchObject({ policy: 'user', r: 19 });
    expect(rateLimit((await get(ip)).headers)).toMatchObject({ policy: 'anonymous', r: 9 });
  });

  test('When an API key has used up its quota, then another key of the same business is unaffected', async () => {
    const ip = freshIp();
    const businessId = randomUUID();
    const [first, second] = [await apiKey(businessId), await apiKey(businessId)];

    const answers = await burst(35, () => get(ip, { headers: first }));
    expect(answers.filter((answer) => answer.status !== 429)).toHaveLength(30);
    expect(rateLimitPolicy(answers[0]!.headers)).toEqual({ policy: 'api_key', q: 30, w: 30 });

    expect(rateLimit((await get(ip, { headers: second })).headers)).toMatchObject({ policy: 'api_key', r: 29 });
  });

  test('When credentials are guessed on /v1/auth/token, then the stricter per-IP auth bucket stops it, whoever calls', async () => {
    const [guesser, other] = [freshIp(), freshIp()];
    const guess = (ip: string, headers: Record<string, string> = {}) =>
      h.request('POST', '/v1/auth/token', {
        anonymous: true,
        headers: { 'x-forwarded-for': ip, ...headers },
        body: { email: 'owner@example.test', password: `guess-${randomUUID()}` },
      });

    const answers = await burst(5, () => guess(guesser));

    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(2);
    expect(rateLimitPolicy(answers[0]!.headers)).toEqual({ policy: 'auth', q: 3, w: 60 });
    // Signed in or not, the address is what spends the auth bucket; another address has its own.
    expect((await guess(guesser, await h.caller.headersFor('/v1/auth/token'))).status).toBe(429);
    expect((await guess(other)).status).not.toBe(429);
  });

  test('When bearer tokens are guessed, then each failed attempt spends the IP bucket and the 11th is a 429', async () => {
    const ip = freshIp();
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push(await get(ip, { headers: { authorization: `Bearer omk_guess${i}` } }));

    expect(statuses(answers).slice(0, 10)).toEqual(Array(10).fill(401));
    // The 401s carry the limit too: a client learns it is about to be throttled.
    expect(answers.slice(0, 10).map((answer) => rateLimit(answer.headers).r)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expectProblem(answers[10]!, 429, 'COMMON.RATE_LIMITED');
  });

  test('When probes and /metrics are called far beyond any quota, then none is limited', async () => {
    const ip = freshIp();
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      const answers = await burst(15, () => h.request('GET', path, { anonymous: true, headers: { 'x-forwarded-for': ip } }));
      // (/readyz may say 503 on a busy machine: its probes have a 1 s budget. It is never a 429.)
      if (path !== '/readyz') expect(statuses(answers)).toEqual(Array(15).fill(200));
      for (const answer of answers) {
        expect(answer.status).not.toBe(429);
        expect(answer.headers.get('ratelimit')).toBeNull();
      }
    }
  });

  test('When requests were refused, then /metrics counts them per policy, next to the request and error counters', async () => {
    const metrics = (await h.request('GET', '/metrics', { anonymous: true })).body as string;
    const route = { method: 'GET', route: '/v1/businesses/:businessId' };

    for (const policy of ['anonymous', 'user', 'api_key', 'auth']) {
      expect(metricSample(metrics, 'rate_limit_rejections_total', { policy })).toBeGreaterThan(0);
    }
    expect(metricSample(metrics, 'http_requests_total', { ...route, status_code: '429' })).toBeGreaterThanOrEqual(15);
    expect(metricSample(metrics, 'http_request_errors_total', { ...route, status_class: '4xx' })).toBeGreaterThanOrEqual(15);
    expect(metrics).toContain('# TYPE http_request_duration_seconds histogram');
    expect(metrics).toContain('# TYPE rate_limit_fail_open_total counter');
  });

  /** A new account signed up from an address of its own (sign-ups spend the auth bucket). */
  async function signUp(name: string): Promise<Record<string, string>> {
    const answer = await h.request('POST', '/v1/auth/signup', {
      anonymous: true,
      headers: { 'x-forwarded-for': freshIp() },
      body: { email: `${name}-${randomUUID().slice(0, 8)}@example.test`, password: 'correct horse battery staple', display_name: name },
    });
    expect(answer.status).toBe(201);
    return { authorization: `Bearer ${answer.body.access_token}` };
  }

  /** A new API key of the business, minted by the harness's owner. */
  async function apiKey(businessId: string): Promise<Record<string, string>> {
    const answer = await h.request('POST', `/v1/businesses/${businessId}/api-keys`, {
      headers: { 'x-forwarded-for': freshIp() },
      body: { name: `key-${randomUUID().slice(0, 6)}` },
    });
    expect(answer.status).toBe(201);
    return { authorization: `Bearer ${answer.body.key}` };
  }
});

describe('Rate limit windows', () => {
  let h: Harness;
  const get = (ip: string) => h.request('GET', publicPath(), { anonymous: true, headers: { 'x-forwarded-for': ip } });

  beforeAll(async () => {
    h = await startHarness({ TRUST_PROXY: 'true', RATE_LIMIT_ANONYMOUS: '3/2s' });
  });
  afterAll(() => h.close());

  test('When the window has passed, then the client is admitted again', async () => {
    const ip = freshIp();
    await burst(3, () => get(ip));
    const refused = await get(ip);
    expect(refused.status).toBe(429);

    await sleep(Number(refused.headers.get('retry-after')) * 1000 + 100);
    const again = await get(ip);

    expect(again.status).toBe(404);
    expect(rateLimit(again.headers)).toEqual({ policy: 'anonymous', r: 2, t: 2 });
  });
});
