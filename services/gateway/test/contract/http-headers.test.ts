import { loadGatewayConfig } from '../../src/config';
import { DOCS_CSP } from '../../src/entry-points/http/docs.plugin';
import { ifNoneMatchHits } from '../../src/entry-points/http/http-headers.plugin';
import { startHarness, type Harness } from '../support/gateway-harness';

const SHOP = 'https://shop.example';
let h: Harness;
let businessPath: string;
beforeAll(async () => {
  h = await startHarness({ CORS_ORIGINS: `${SHOP}, https://app.example:8443` });
  const created = await h.request('POST', '/v1/businesses', {
    body: { slug: 'etag-ryokan', display_name_ja: '旅館えたぐ', display_name_en: 'ETag Ryokan', category: 'lodging', timezone: 'Asia/Tokyo' },
  });
  expect(created.status).toBe(201);
  businessPath = `/v1/businesses/${created.body.id}`;
});
afterAll(() => h.close());

describe('ETag and If-None-Match', () => {
  test('When a GET is repeated with its ETag, then the answer is 304 with no body and the same ETag', async () => {
    const first = await h.request('GET', businessPath);
    const etag = first.headers.get('etag');
    expect(first.status).toBe(200);
    expect(etag).toMatch(/^W\/".+"$/);

    const again = await h.request('GET', businessPath, { headers: { 'if-none-match': etag! } });

    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('x-request-id')).toEqual(expect.any(String));
  });

  test('When If-None-Match lists several tags, holds the strong form, or is *, then a match still gives 304', async () => {
    const etag = (await h.request('GET', businessPath)).headers.get('etag')!;

    for (const header of [`"other", ${etag}`, etag.replace(/^W\//, ''), '*']) {
      expect((await h.request('GET', businessPath, { headers: { 'if-none-match': header } })).status).toBe(304);
    }
    expect((await h.request('GET', businessPath, { headers: { 'if-none-match': 'W/"stale"' } })).status).toBe(200);
  });

  test('When the answer is compressed, then it has the same weak ETag as the plain one, and 304 still works', async () => {
    const gzip = await fetch(`${h.gateway.url}/openapi.json`, { headers: { 'accept-encoding': 'gzip' } });
    const plain = await fetch(`${h.gateway.url}/openapi.json`, { headers: { 'accept-encoding': 'identity' } });
    await Promise.all([gzip.text(), plain.text()]);
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(gzip.headers.get('etag')).toBe(plain.headers.get('etag'));

    const revalidated = await fetch(`${h.gateway.url}/openapi.json`, {
      headers: { 'accept-encoding': 'gzip', 'if-none-match': gzip.headers.get('etag')! },
    });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
  });

  test('When the language changes, then the ETag changes too', async () => {
    const ja = await h.request('GET', businessPath, { headers: { 'accept-language': 'ja' } });
    const en = await h.request('GET', businessPath, { headers: { 'accept-language': 'en' } });

    expect(ja.headers.get('etag')).not.toBe(en.headers.get('etag'));
  });

  test('When a POST carries If-None-Match, then it is never answered 304', async () => {
    const answer = await h.request('POST', '/v1/businesses', {
      headers: { 'if-none-match': '*' },
      body: { slug: 'etag-onsen', display_name_ja: '温泉', display_name_en: 'Onsen', category: 'spa', timezone: 'Asia/Tokyo' },
    });

    expect(answer.status).toBe(201);
  });

  test('When If-None-Match is compared, then the weak comparison of RFC 9110 applies', () => {
    expect(ifNoneMatchHits('W/"a"', 'W/"a"')).toBe(true);
    expect(ifNoneMatchHits('"a"', 'W/"a"')).toBe(true);
    expect(ifNoneMatchHits(' "x" ,W/"a" ', 'W/"a"')).toBe(true);
    expect(ifNoneMatchHits('"ab"', 'W/"a"')).toBe(false);
    expect(ifNoneMatchHits('', 'W/"a"')).toBe(false);
  });
});

describe('Accept-Language on answers', () => {
  test('When no language is asked for, then the answer is Japanese and says so', async () => {
    const answer = await h.request('GET', businessPath);

    expect(answer.headers.get('content-language')).toBe('ja');
    expect(answer.body.display_name).toBe('旅館えたぐ');
    expect(answer.headers.get('vary')?.toLowerCase()).toEqual(expect.stringContaining('accept-language'));
  });

  test('When English is preferred by q-value, then the answer is English and says so', async () => {
    const answer = await h.request('GET', businessPath, { headers: { 'accept-language': 'ja;q=0.5, en-US;q=0.9' } });

    expect(answer.headers.get('content-language')).toBe('en');
    expect(answer.body.display_name).toBe('ETag Ryokan');
  });

  test('When the answer is a problem, then it is marked as English, the language it is written in', async () => {
    const answer = await h.request('GET', '/v1/nope', { headers: { 'accept-language': 'ja' } });

    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-language')).toBe('en');
  });

  test('When a probe answers, then it carries no language headers', async () => {
    const answer = await h.request('GET', '/healthz');

    expect(answer.headers.get('content-language')).toBeNull();
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    fetch(`${h.gateway.url}/v1/businesses`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });

  test('When an allowed origin sends a preflight, then it may POST with a bearer token and JSON', async () => {
    const answer = await preflight(SHOP);

    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(answer.headers.get('access-control-allow-methods')).toEqual(expect.stringContaining('POST'));
    expect(answer.headers.get('access-control-allow-headers')).toEqual(expect.stringMatching(/Authorization.*Content-Type/));
    expect(answer.headers.get('access-control-max-age')).toBe('600');
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    expect(answer.headers.get('vary')).toEqual(expect.stringContaining('Origin'));
  });

  test('When an origin that is not listed sends a preflight, then the browser is not allowed in', async () => {
    const answer = await preflight('https://evil.example');

    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('When an allowed origin reads an answer, then it may also read the ETag, request id and rate-limit headers', async () => {
    const answer = await h.request('GET', businessPath, { headers: { origin: 'https://app.example:8443' } });

    expect(answer.headers.get('access-control-allow-origin')).toBe('https://app.example:8443');
    expect(answer.headers.get('access-control-expose-headers')).toEqual(expect.stringMatching(/ETag.*RateLimit.*X-Request-Id/));
  });

  test('When another origin reads an answer, then no CORS header lets the browser hand it over', async () => {
    const answer = await h.request('GET', businessPath, { headers: { origin: 'https://evil.example' } });

    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('When CORS_ORIGINS is unset, then no origin is allowed; when it is malformed, then config names it', async () => {
    expect(loadGatewayConfig({}).CORS_ORIGINS).toEqual([]);
    expect(loadGatewayConfig({ CORS_ORIGINS: '*' }).CORS_ORIGINS).toEqual(['*']);
    expect(loadGatewayConfig({ CORS_ORIGINS: 'https://a.example/, http://localhost:3000' }).CORS_ORIGINS).toEqual([
      'https://a.example',
      'http://localhost:3000',
    ]);
    expect(() => loadGatewayConfig({ CORS_ORIGINS: 'https://a.example/app' })).toThrow(/CORS_ORIGINS: must be comma-separated origins/);
    expect(() => loadGatewayConfig({ CORS_ORIGINS: 'shop.example' })).toThrow(/CORS_ORIGINS/);

    const closed = await startHarness();
    try {
      const answer = await fetch(`${closed.gateway.url}/v1/businesses`, {
        method: 'OPTIONS',
        headers: { origin: SHOP, 'access-control-request-method': 'POST' },
      });
      await answer.text();
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await closed.close();
    }
  });
});

describe('Security headers', () => {
  test('When the API answers, successfully or with a problem, then it forbids rendering, framing and sniffing', async () => {
    for (const answer of [await h.request('GET', businessPath), await h.request('GET', '/v1/nope')]) {
      expect(answer.headers.get('content-security-policy')).toBe("default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'");
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
      expect(answer.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(answer.headers.get('x-powered-by')).toBeNull();
    }
  });

  test('When /docs is served, then its own CSP lets its scripts and styles load from this origin only', async () => {
    const page = await fetch(`${h.gateway.url}/docs/`);
    const html = await page.text();

    expect(page.status).toBe(200);
    expect(html).toContain('swagger-ui-bundle.js');
    expect(page.headers.get('content-security-policy')).toBe(DOCS_CSP);
    expect(DOCS_CSP).toContain("script-src 'self'");
    expect(DOCS_CSP).not.toContain('unsafe');
  });
});
