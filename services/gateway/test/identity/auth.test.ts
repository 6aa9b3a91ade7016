import { createSigner } from 'fast-jwt';
import { Client } from 'pg';
import { expectProblem, startHarness, type Harness } from '../support/gateway-harness';
import { TEST_JWT_SECRET } from './support/identity-fixture';
import { bearer, PASSWORD, signUp } from './support/people';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()) as Record<string, unknown>;
const me = (token: string) => h.request('GET', '/v1/me', { headers: bearer(token) });
const refresh = (token: string) => h.request('POST', '/v1/auth/refresh', { anonymous: true, body: { refresh_token: token } });

describe('POST /v1/auth/signup', () => {
  test('When a person signs up, then they get their account and tokens that /v1/me accepts', async () => {
    const answer = await h.request('POST', '/v1/auth/signup', {
      anonymous: true,
      body: { email: 'Hanako.Sato@Example.JP', password: PASSWORD, display_name: '佐藤 花子', locale: 'ja' },
    });

    expect(answer.status).toBe(201);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toEqual({
      user: { id: expect.any(String), email: 'Hanako.Sato@Example.JP', display_name: '佐藤 花子', locale: 'ja', created_at: expect.any(String) },
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 900,
      refresh_token: expect.stringMatching(/^omr_[A-Za-z0-9_-]{43}$/),
    });
    const mine = await me(answer.body.access_token);
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({ user: answer.body.user, memberships: [] });
  });

  test('When the email is already registered in another case, then the answer is 409 IDENTITY.EMAIL_TAKEN', async () => {
    const first = await signUp(h, 'kenji');

    const answer = await h.request('POST', '/v1/auth/signup', {
      anonymous: true,
      body: { email: first.email.toUpperCase(), password: PASSWORD, display_name: 'Kenji again' },
    });

    expectProblem(answer, 409, 'IDENTITY.EMAIL_TAKEN');
    expect(answer.body.errors).toEqual([{ pointer: '/email', detail: 'is already registered' }]);
  });

  test('When the password is short, the email malformed and the locale unknown, then every field is listed', async () => {
    const answer = await h.request('POST', '/v1/auth/signup', {
      anonymous: true,
      body: { email: 'not-an-email', password: 'short', display_name: 'X', locale: 'fr', role: 'owner' },
    });

    expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
    expect(answer.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/email', '/locale', '/password', '/role']);
  });

  test('When an account is stored, then neither the password nor the refresh token is in the database', async () => {
    const person = await signUp(h, 'stored');
    const db = new Client({ connectionString: h.databaseUrl });
    await db.connect();
    const users = await db.query('SELECT password_hash FROM identity.users WHERE id = $1', [person.userId]);
    const tokens = await db.query('SELECT token_hash FROM identity.refresh_tokens t JOIN identity.sessions s ON s.id = t.session_id WHERE s.user_id = $1', [
      person.userId,
    ]);
    await db.end();

    expect(users.rows[0].password_hash).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(tokens.rows).toEqual([{ token_hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(JSON.stringify([users.rows, tokens.rows])).not.toContain(person.refreshToken);
  });
});

describe('POST /v1/auth/token', () => {
  test('When the email (in any case) and password are right, then a short-lived access token and a refresh token come back', async () => {
    const person = await signUp(h, 'yuki');

    const answer = await h.request('POST', '/v1/auth/token', { anonymous: true, body: { email: person.email.toUpperCase(), password: PASSWORD } });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 900, refresh_token: expect.any(String) });
    const claims = claimsOf(answer.body.access_token);
    expect(claims).toMatchObject({ sub: person.userId, iss: 'omotenashi-gateway', aud: 'omotenashi-api' });
    expect((claims.exp as number) - (claims.iat as number)).toBe(900);
    expect((await me(answer.body.access_token)).status).toBe(200);
  });

  test('When the password is wrong or the email unknown, then both get the same 401, word for word', async () => {
    const person = await signUp(h, 'aiko');

    const wrongPassword = await h.request('POST', '/v1/auth/token', { anonymous: true, body: { email: person.email, password: 'wrong password!' } });
    const unknownEmail = await h.request('POST', '/v1/auth/token', { anonymous: true, body: { email: 'nobody@example.test', password: PASSWORD } });

    expectProblem(wrongPassword, 401, 'IDENTITY.INVALID_CREDENTIALS');
    expectProblem(unknownEmail, 401, 'IDENTITY.INVALID_CREDENTIALS');
    expect({ ...wrongPassword.body, request_id: '' }).toEqual({ ...unknownEmail.body, request_id: '' });
  });
});

describe('POST /v1/auth/refresh', () => {
  test('When a refresh token is used, then a new pair comes back and the old refresh token is spent', async () => {
    const person = await signUp(h, 'taro');

    const first = await refresh(person.refreshToken);

    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(person.refreshToken);
    expect(claimsOf(first.body.access_token).sid).toBe(claimsOf(person.accessToken).sid);
    expect((await me(first.body.access_token)).status).toBe(200);
    const second = await refresh(first.body.refresh_token);
    expect(second.status).toBe(200);
  });

  test('When a spent refresh token comes back, then the whole session ends: its newest tokens stop working at once', async () => {
    const person = await signUp(h, 'reuse');
    const rotated = await refresh(person.refreshToken);
    expect((await me(rotated.body.access_token)).status).toBe(200); // the session is cached as live now

    const replay = await refresh(person.refreshToken);

    expectProblem(replay, 401, 'IDENTITY.INVALID_REFRESH_TOKEN');
    expectProblem(await refresh(rotated.body.refresh_token), 401, 'IDENTITY.INVALID_REFRESH_TOKEN');
    const revoked = await me(rotated.body.access_token);
    expectProblem(revoked, 401, 'IDENTITY.INVALID_TOKEN');
    expect(revoked.headers.get('www-authenticate')).toMatch(/^Bearer realm="omotenashi", error="invalid_token"/);
    expect(h.logs).toContainEqual(expect.objectContaining({ msg: 'refresh token reused: session revoked', user_id: person.userId }));
    // Other sessions of the same person are not affected.
    const other = await h.request('POST', '/v1/auth/token', { anonymous: true, body: { email: person.email, password: PASSWORD } });
    expect((await me(other.body.access_token)).status).toBe(200);
  });

  test('When two refreshes race with one token, then exactly one succeeds', async () => {
    const person = await signUp(h, 'race');

    const answers = await Promise.all([refresh(person.refreshToken), refresh(person.refreshToken)]);

    expect(answers.map((a) => a.status).sort()).toEqual([200, 401]);
  });

  test('When the refresh token is made up, then the answer is the same 401', async () => {
    expectProblem(await refresh('omr_' + 'A'.repeat(43)), 401, 'IDENTITY.INVALID_REFRESH_TOKEN');
    expectProblem(await refresh('not even close'), 401, 'IDENTITY.INVALID_REFRESH_TOKEN');
  });
});

describe('POST /v1/auth/logout', () => {
  test('When a person signs out, then the access token and the refresh token of that session stop working at once', async () => {
    const person = await signUp(h, 'bye');
    expect((await me(person.accessToken)).status).toBe(200);

    const answer = await h.request('POST', '/v1/auth/logout', { headers: person.auth });

    expect(answer.status).toBe(204);
    expectProblem(await me(person.accessToken), 401, 'IDENTITY.INVALID_TOKEN');
    expectProblem(await refresh(person.refreshToken), 401, 'IDENTITY.INVALID_REFRESH_TOKEN');
  });
});

describe('Bearer credentials', () => {
  test('When no credentials come to a signed-in route, then 401 IDENTITY.UNAUTHENTICATED with a bare Bearer challenge', async () => {
    const answer = await h.request('GET', '/v1/me', { anonymous: true });

    expectProblem(answer, 401, 'IDENTITY.UNAUTHENTICATED');
    expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="omotenashi"');
  });

  test('When the access token has expired, then 401 IDENTITY.TOKEN_EXPIRED with an invalid_token challenge', async () => {
    const person = await signUp(h, 'late');
    const { sub, sid } = claimsOf(person.accessToken);
    const sign = createSigner({
      key: TEST_JWT_SECRET,
      iss: 'omotenashi-gateway',
      aud: 'omotenashi-api',
      expiresIn: 60_000,
      clockTimestamp: Date.now() - 3_600_000,
    });

    const answer = await me(sign({ sub, sid }));

    expectProblem(answer, 401, 'IDENTITY.TOKEN_EXPIRED');
    expect(answer.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
  });

  test.each([
    ['signed with another key', () => createSigner({ key: 'another-secret-another-secret-0123', iss: 'omotenashi-gateway', aud: 'omotenashi-api' })],
    ['meant for another audience', () => createSigner({ key: TEST_JWT_SECRET, iss: 'omotenashi-gateway', aud: 'someone-else' })],
    ['unsigned (alg none)', () => createSigner({ algorithm: 'none', iss: 'omotenashi-gateway', aud: 'omotenashi-api' })],
  ])('When the token is %s, then 401 IDENTITY.INVALID_TOKEN', async (_what, signer) => {
    const person = await signUp(h, 'forged');
    const { sub, sid } = claimsOf(person.accessToken);

    expectProblem(await me(signer()({ sub, sid })), 401, 'IDENTITY.INVALID_TOKEN');
  });

  test('When the Authorization header is not a Bearer one, then 401 even on a public route', async () => {
    const answer = await h.request('POST', '/v1/auth/token', {
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
      body: { email: 'a@example.test', password: PASSWORD },
    });

    expectProblem(answer, 401, 'IDENTITY.INVALID_AUTHORIZATION');
    expect(answer.headers.get('www-authenticate')).toMatch(/error="invalid_request"/);
  });
});
