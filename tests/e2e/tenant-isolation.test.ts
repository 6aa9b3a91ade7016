import { randomUUID } from 'node:crypto';
import { createLogger } from '@omotenashi/logging';
import { buildGateway, type RunningGateway } from '../../services/gateway/src/app';
import { loadGatewayConfig } from '../../services/gateway/src/config';
import type { DeclaredRoute } from '../../services/gateway/src/entry-points/http/authorization.plugin';
import { call, startPlatformGateway, type JsonAnswer } from '../support/gateway';
import { startPlatform, type TestPlatform } from '../support/platform';

/**
 * OWASP API1 (BOLA), as a route matrix generated from the gateway's own route list: whatever /v1 route
 * exists — including ones added after this test was written — another tenant's user and another
 * tenant's API key get the very 404 an unknown business gets, with the first business's real ids in
 * the path. Public routes answer them exactly as they answer an anonymous caller.
 */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const PASSWORD = 'correct horse battery staple';
const WRITES = new Set(['POST', 'PUT', 'PATCH']);

interface Tenant {
  businessId: string;
  token: string;
  userId: string;
  apiKey: string;
  apiKeyId: string;
}

describe('Tenant isolation on every /v1 route', () => {
  let platform: TestPlatform;
  let gateway: RunningGateway;
  let a: Tenant & { serviceId: string; bookingId: string; staffUserId: string };
  let b: Tenant;
  const http = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    call(gateway.url, method, path, body, headers);
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  async function tenant(name: string): Promise<Tenant> {
    const email = `${name}-${randomUUID().slice(0, 8)}@example.test`;
    const signUp = await http('POST', '/v1/auth/signup', { email, password: PASSWORD, display_name: name });
    expect(signUp.status).toBe(201);
    const token = signUp.body.access_token;
    const business = await http(
      'POST',
      '/v1/businesses',
      { slug: `${name}-${randomUUID().slice(0, 6)}`, display_name_ja: name, display_name_en: name, category: 'hair', timezone: 'Asia/Tokyo' },
      as(token),
    );
    expect(business.status).toBe(201);
    const key = await http('POST', `/v1/businesses/${business.body.id}/api-keys`, { name: `${name} site` }, as(token));
    expect(key.status).toBe(201);
    return { businessId: business.body.id, token, userId: signUp.body.user.id, apiKey: key.body.key, apiKeyId: key.body.id };
  }

  beforeAll(async () => {
    platform = await startPlatform('isolation');
    gateway = await startPlatformGateway(platform, { RATE_LIMIT_ENABLED: 'false', PASSWORD_SCRYPT_LOG_N: '15' });
    const first = await tenant('first');
    b = await tenant('second');

    const service = await http(
      'POST',
      `/v1/businesses/${first.businessId}/services`,
      { name_ja: 'カット', name_en: 'Cut', category: 'hair', duration_minutes: 60, price_amount: 5_500, currency: 'JPY' },
      as(first.token),
    );
    expect(service.status).toBe(201);
    const booking = await http('POST', `/v1/businesses/${first.businessId}/bookings`, {
      service_id: service.body.id,
      starts_at: `${inDays(10)}T11:00:00+09:00`,
      customer: { name: '山田 太郎', email: 'taro@example.jp' },
    });
    expect(booking.status).toBe(201);
    const staffEmail = `staff-${randomUUID().slice(0, 8)}@example.test`;
    const staff = await http('POST', '/v1/auth/signup', { email: staffEmail, password: PASSWORD, display_name: 'Staff' });
    expect((await http('POST', `/v1/businesses/${first.businessId}/members`, { email: staffEmail, role: 'staff' }, as(first.token))).status).toBe(201);
    a = { ...first, serviceId: service.body.id, bookingId: booking.body.id, staffUserId: staff.body.user.id };
  });

  afterAll(async () => {
    await gateway?.stop();
    await platform?.stop();
  });

  /** The first business's real id for each path parameter; parameters added later get a fresh UUID. */
  const realIds = (): Record<string, string> => ({
    businessId: a.businessId,
    serviceId: a.serviceId,
    bookingId: a.bookingId,
    userId: a.staffUserId,
    keyId: a.apiKeyId,
  });
  const fill = (url: string, ids: Record<string, string>) => url.replace(/:(\w+)/g, (_match, name: string) => ids[name] ?? randomUUID());
  const businessRoutes = () =>
    gateway.app.accessRegistry.routes.filter((route: DeclaredRoute) => route.url.includes(':businessId'));
  const send = (route: DeclaredRoute, path: string, headers?: Record<string, string>) =>
    http(route.method, path, WRITES.has(route.method) ? {} : undefined, headers);
  const comparable = (answer: JsonAnswer) => ({
    status: answer.status,
    body: typeof answer.body === 'object' ? { ...answer.body, request_id: undefined } : answer.body,
  });

  test('When the route list is read, then it holds every business route, each with an access declaration', () => {
    const routes = businessRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(10);
    expect(routes.every((route) => route.access)).toBe(true);
    const urls = routes.map((route) => `${route.method} ${route.url}`);
    expect(urls).toEqual(expect.arrayContaining(['GET /v1/businesses/:businessId/bookings/:bookingId', 'DELETE /v1/businesses/:businessId/api-keys/:keyId']));
  });

  test("When another tenant's user or API key calls a members' route of the first business, then they get the 404 of an unknown business", async () => {
    const failures: string[] = [];
    for (const route of businessRoutes().filter((r) => 'roles' in r.access)) {
      const path = fill(route.url, realIds());
      const unknown = comparable(await send(route, fill(route.url, { ...realIds(), businessId: randomUUID() }), as(b.token)));
      for (const [who, token] of [['user', b.token], ['api key', b.apiKey]] as const) {
        const answer = comparable(await send(route, path, as(token)));
        const expectedBody = route.method === 'HEAD' ? '' : { ...unknown.body };
        if (answer.status !== 404 || JSON.stringify(answer.body) !== JSON.stringify(expectedBody)) {
          failures.push(`${route.method} ${route.url} as the other tenant's ${who}: ${answer.status} ${JSON.stringify(answer.body)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  test('When nobody is signed in, then every members\' route is 401, for known and unknown businesses alike', async () => {
    const failures: string[] = [];
    for (const route of businessRoutes().filter((r) => 'roles' in r.access)) {
      const known = comparable(await send(route, fill(route.url, realIds())));
      const unknown = comparable(await send(route, fill(route.url, { ...realIds(), businessId: randomUUID() })));
      if (known.status !== 401 || JSON.stringify(known) !== JSON.stringify(unknown)) {
        failures.push(`${route.method} ${route.url}: ${known.status} vs ${unknown.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  test('When another tenant calls a public route of the first business, then they get exactly what an anonymous caller gets', async () => {
    const failures: string[] = [];
    for (const route of businessRoutes().filter((r) => 'public' in r.access)) {
      const path = fill(route.url, realIds());
      const anonymous = comparable(await send(route, path));
      for (const [who, token] of [['user', b.token], ['api key', b.apiKey]] as const) {
        const answer = comparable(await send(route, path, as(token)));
        if (JSON.stringify(answer) !== JSON.stringify(anonymous)) {
          failures.push(`${route.method} ${route.url} as the other tenant's ${who}: ${JSON.stringify(answer)} vs ${JSON.stringify(anonymous)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  test("When the other tenant names the first business's records under its own business, then they are not found", async () => {
    const failures: string[] = [];
    const reads = businessRoutes().filter((r) => (r.method === 'GET' || r.method === 'DELETE') && /:businessId\/.+\/:\w+/.test(r.url));
    for (const route of reads) {
      const answer = await send(route, fill(route.url, { ...realIds(), businessId: b.businessId }), as(b.token));
      if (answer.status !== 404) failures.push(`${route.method} ${route.url}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    expect(failures).toEqual([]);
  });

  test('When all that probing is over, then the first business is intact: its key, members, service and booking', async () => {
    expect((await http('GET', `/v1/businesses/${a.businessId}/analytics/daily?from=${inDays(0)}&to=${inDays(1)}`, undefined, as(a.apiKey))).status).toBe(200);
    const members = await http('GET', `/v1/businesses/${a.businessId}/members`, undefined, as(a.token));
    expect(members.body.data.map((m: { role: string }) => m.role).sort()).toEqual(['owner', 'staff']);
    expect((await http('GET', `/v1/businesses/${a.businessId}/services/${a.serviceId}`)).status).toBe(200);
    expect((await http('GET', `/v1/businesses/${a.businessId}/bookings/${a.bookingId}`, undefined, as(a.token))).status).toBe(200);
  });

  test('When a /v1 route is registered without config.access, then buildGateway\'s app refuses to start', async () => {
    const app = buildGateway(loadGatewayConfig({ ...platform.env, RATE_LIMIT_ENABLED: 'false' }), {
      logger: createLogger('meta-test', { level: 'silent' }),
      downstreams: {} as never,
      probes: [],
      redis: {} as never,
      identity: {} as never,
    });
    app.register(async (scope) => {
      scope.delete('/v1/businesses/:businessId/everything', async () => ({ deleted: true }));
    });

    await expect(app.ready()).rejects.toThrow('DELETE /v1/businesses/:businessId/everything declares no config.access');
  });
});
