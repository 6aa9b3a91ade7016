import { createLogger } from '@omotenashi/logging';
import { Client } from 'pg';
import { buildGateway } from '../../src/app';
import { loadGatewayConfig } from '../../src/config';
import { PUBLIC, type Access } from '../../src/entry-points/http/access';
import { expectProblem, startHarness, type Harness } from '../support/gateway-harness';
import { addMember, businessBody, createBusiness, signUp, withoutRequestId, type Person } from './support/people';

let h: Harness;
let owner: Person;
let businessId: string;
beforeAll(async () => {
  h = await startHarness();
  owner = await signUp(h, 'owner');
  businessId = await createBusiness(h, owner);
});
afterAll(() => h.close());

const UNKNOWN_BUSINESS = '0190a5b4-7c1e-7000-8000-0000000000ff';
const analytics = (id: string) => `/v1/businesses/${id}/analytics/daily?from=2026-04-01&to=2026-04-02`;
const cut = { name_ja: 'カット', name_en: 'Cut', category: 'hair', duration_minutes: 60, price_amount: 5_500 };

describe('Creating a business', () => {
  test('When a person creates a business, then catalog is told they own it and /v1/me lists them as its owner', async () => {
    const person = await signUp(h, 'founder');

    const answer = await h.request('POST', '/v1/businesses', { headers: person.auth, body: businessBody('founder') });

    expect(answer.status).toBe(201);
    const call = h.fakes.calls.find((c) => c.method === 'createBusiness' && (c.request as { slug: string }).slug === answer.body.slug);
    expect(call?.request).toMatchObject({ ownerUserId: person.userId });
    const me = await h.request('GET', '/v1/me', { headers: person.auth });
    expect(me.body.memberships).toEqual([{ business_id: answer.body.id, role: 'owner', created_at: expect.any(String) }]);
  });

  test('When nobody is signed in, then creating a business is 401 and catalog is not asked', async () => {
    const before = h.fakes.calls.length;

    const answer = await h.request('POST', '/v1/businesses', { anonymous: true, body: businessBody('anon') });

    expectProblem(answer, 401, 'IDENTITY.UNAUTHENTICATED');
    expect(h.fakes.calls.length).toBe(before);
  });

  test('When the owner adds a service, then it is created under the path\'s business', async () => {
    const answer = await h.request('POST', `/v1/businesses/${businessId}/services`, { headers: owner.auth, body: cut });

    expect(answer.status).toBe(201);
    expect(h.fakes.calls.at(-1)).toMatchObject({ method: 'createService', businessId, request: { businessId } });
  });
});

describe('Another tenant', () => {
  test('When an outsider asks for a business they have no part in, then the answer is the very 404 of an unknown business', async () => {
    const outsider = await signUp(h, 'outsider');

    const theirs = await h.request('GET', analytics(businessId), { headers: outsider.auth });
    const unknown = await h.request('GET', analytics(UNKNOWN_BUSINESS), { headers: outsider.auth });

    expectProblem(theirs, 404, 'COMMON.NOT_FOUND');
    expect(withoutRequestId(theirs.body)).toEqual(withoutRequestId(unknown.body));
    expect([...theirs.headers.keys()].sort()).toEqual([...unknown.headers.keys()].sort());
  });

  test('When an outsider posts a broken body to a business, then it is still 404, not a validation error that confirms it', async () => {
    const outsider = await signUp(h, 'prober');

    const answer = await h.request('POST', `/v1/businesses/${businessId}/services`, { headers: outsider.auth, body: { price_amount: 'free' } });

    expectProblem(answer, 404, 'COMMON.NOT_FOUND');
  });

  test('When nobody is signed in, then a members-only route is 401 whether or not the business exists', async () => {
    const existing = await h.request('GET', analytics(businessId), { anonymous: true });
    const unknown = await h.request('GET', analytics(UNKNOWN_BUSINESS), { anonymous: true });

    expectProblem(existing, 401, 'IDENTITY.UNAUTHENTICATED');
    expect(withoutRequestId(existing.body)).toEqual(withoutRequestId(unknown.body));
  });
});

describe('Roles', () => {
  test('When staff ask for analytics, then 403 (they know the business), while bookings are open to them', async () => {
    const staff = await signUp(h, 'staff');
    await addMember(h, businessId, owner, staff, 'staff');

    expectProblem(await h.request('GET', analytics(businessId), { headers: staff.auth }), 403, 'IDENTITY.FORBIDDEN');
    const booking = await h.request('GET', `/v1/businesses/${businessId}/bookings/0190a5b4-7c1e-7000-8000-0000000000aa`, { headers: staff.auth });
    expect(booking.status).toBe(404); // authorized; the (fake) booking service has no such booking
    expect(booking.body.code).toBe('BOOKING.BOOKING.NOT_FOUND');
  });

  test('When a role changes, then the very next request sees the new role (cached permissions are dropped)', async () => {
    const person = await signUp(h, 'promoted');
    await addMember(h, businessId, owner, person, 'staff');
    expect((await h.request('GET', analytics(businessId), { headers: person.auth })).status).toBe(403); // cached: staff

    await h.request('PATCH', `/v1/businesses/${businessId}/members/${person.userId}`, { headers: owner.auth, body: { role: 'manager' } });
    expect((await h.request('GET', analytics(businessId), { headers: person.auth })).status).toBe(200);

    await h.request('PATCH', `/v1/businesses/${businessId}/members/${person.userId}`, { headers: owner.auth, body: { role: 'staff' } });
    expect((await h.request('GET', analytics(businessId), { headers: person.auth })).status).toBe(403);

    await h.request('DELETE', `/v1/businesses/${businessId}/members/${person.userId}`, { headers: owner.auth });
    expectProblem(await h.request('GET', analytics(businessId), { headers: person.auth }), 404, 'COMMON.NOT_FOUND');
    expect((await h.request('GET', '/v1/me', { headers: person.auth })).body.memberships).toEqual([]);
  });
});

describe('API keys', () => {
  const keys = (id = businessId) => `/v1/businesses/${id}/api-keys`;

  test('When an owner creates a key, then it is shown once, works like a manager in its business, and is stored hashed', async () => {
    const created = await h.request('POST', keys(), { headers: owner.auth, body: { name: 'Website' } });

    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const { key, ...listed } = created.body;
    expect(key).toMatch(/^omk_[A-Za-z0-9_-]{43}$/);
    expect(listed).toEqual({
      id: expect.any(String),
      business_id: businessId,
      name: 'Website',
      prefix: key.slice(0, 12),
      created_by: owner.userId,
      created_at: expect.any(String),
      last_used_at: null,
      revoked_at: null,
    });

    const auth = { authorization: `Bearer ${key}` };
    expect((await h.request('GET', analytics(businessId), { headers: auth })).status).toBe(200);
    expect((await h.request('POST', `/v1/businesses/${businessId}/services`, { headers: auth, body: cut })).status).toBe(201);

    const list = await h.request('GET', keys(), { headers: owner.auth });
    expect(list.body.data).toEqual([expect.objectContaining({ id: listed.id, last_used_at: expect.any(String) })]);
    expect(JSON.stringify(list.body)).not.toContain(key);
    const db = new Client({ connectionString: h.databaseUrl });
    await db.connect();
    const { rows } = await db.query('SELECT * FROM identity.api_keys WHERE id = $1', [listed.id]);
    await db.end();
    expect(JSON.stringify(rows)).not.toContain(key);
  });

  test('When a key is revoked, then its very next request is 401', async () => {
    const { body } = await h.request('POST', keys(), { headers: owner.auth, body: { name: 'Kiosk' } });
    const auth = { authorization: `Bearer ${body.key}` };
    expect((await h.request('GET', analytics(businessId), { headers: auth })).status).toBe(200); // cached as valid now

    const revoked = await h.request('DELETE', `${keys()}/${body.id}`, { headers: owner.auth });

    expect(revoked.status).toBe(204);
    const answer = await h.request('GET', analytics(businessId), { headers: auth });
    expectProblem(answer, 401, 'IDENTITY.INVALID_API_KEY');
    expect(answer.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    expect((await h.request('DELETE', `${keys()}/${body.id}`, { headers: owner.auth })).status).toBe(204);
  });

  test('When a key tries another business, identity administration or opening a business, then it is refused', async () => {
    const { body } = await h.request('POST', keys(), { headers: owner.auth, body: { name: 'Scoped' } });
    const auth = { authorization: `Bearer ${body.key}` };
    const otherBusiness = await createBusiness(h, await signUp(h, 'neighbour'));

    expectProblem(await h.request('GET', analytics(otherBusiness), { headers: auth }), 404, 'COMMON.NOT_FOUND');
    expectProblem(await h.request('POST', '/v1/businesses', { headers: auth, body: businessBody('by-key') }), 403, 'IDENTITY.USER_REQUIRED');
    expectProblem(await h.request('POST', keys(), { headers: auth, body: { name: 'Another' } }), 403, 'IDENTITY.USER_REQUIRED');
    expectProblem(await h.request('GET', `/v1/businesses/${businessId}/members`, { headers: auth }), 403, 'IDENTITY.USER_REQUIRED');
    expectProblem(await h.request('GET', '/v1/me', { headers: auth }), 403, 'IDENTITY.USER_REQUIRED');
  });

  test('When staff try to create a key, then 403; a made-up key is 401', async () => {
    const staff = await signUp(h, 'keyless');
    await addMember(h, businessId, owner, staff, 'staff');

    expectProblem(await h.request('POST', keys(), { headers: staff.auth, body: { name: 'Mine' } }), 403, 'IDENTITY.FORBIDDEN');
    const madeUp = { authorization: `Bearer omk_${'x'.repeat(43)}` };
    expectProblem(await h.request('GET', analytics(businessId), { headers: madeUp }), 401, 'IDENTITY.INVALID_API_KEY');
  });
});

describe('Access declarations', () => {
  const offline = () =>
    buildGateway(loadGatewayConfig({ RATE_LIMIT_ENABLED: 'false' }), {
      logger: createLogger('meta-test', { level: 'silent' }),
      downstreams: {} as never,
      probes: [],
      redis: {} as never,
      identity: {} as never,
    });

  test.each<[string, Access]>([
    ['a :businessId route that any account could call', { authenticated: true }],
    ['a roles route with no business in its path', { roles: ['owner'] }],
  ])('When the declaration is %s, then the gateway refuses to start', async (_what, access) => {
    const app = offline();
    const url = 'roles' in access ? '/v1/reports' : '/v1/businesses/:businessId/secrets';
    app.register(async (scope) => {
      scope.get(url, { config: { access } }, async () => ({}));
    });

    await expect(app.ready()).rejects.toThrow(url);
  });

  test('When a /v1 route declares access but lives outside the authorization scope, then the gateway refuses to start', async () => {
    const app = offline();
    app.get('/v1/side-door', { config: { access: PUBLIC } }, async () => ({}));

    await expect(app.ready()).rejects.toThrow('Routes outside the authorization scope: GET /v1/side-door, HEAD /v1/side-door');
  });

  test('When the gateway is built as shipped, then every /v1 route declares access', async () => {
    expect(h.gateway.app.accessRegistry.routes.length).toBeGreaterThan(10);
    expect(h.gateway.app.accessRegistry.routes.every((route) => route.access)).toBe(true);
  });
});
