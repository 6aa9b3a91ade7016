import { AppError } from '@omotenashi/errors';
import { expectProblem, startHarness, type Harness } from './support/gateway-harness';

let h: Harness;
const businessId = '0190a5b4-7c1e-7000-8000-00000000b004';
beforeAll(async () => {
  h = await startHarness({ BODY_LIMIT_BYTES: '4096' });
});
afterAll(() => h.close());
beforeEach(() => h.fakes.reset());

const business = {
  slug: 'kyoto-ryokan',
  display_name_ja: '京都旅館',
  display_name_en: 'Kyoto Ryokan',
  category: 'lodging',
  timezone: 'Asia/Tokyo',
};

describe('Every error is an RFC 9457 problem', () => {
  test('When the body is not valid JSON, then the client gets 400 COMMON.MALFORMED_JSON', async () => {
    const answer = await h.request('POST', '/v1/businesses', { rawBody: '{"slug": "kyoto-ryokan",' });

    expectProblem(answer, 400, 'COMMON.MALFORMED_JSON');
  });

  test('When the JSON body is empty, then it is malformed too', async () => {
    const answer = await h.request('POST', '/v1/businesses', { rawBody: '' , headers: { 'content-length': '0' } });

    expectProblem(answer, 400, 'COMMON.MALFORMED_JSON');
  });

  test('When the body is sent as text/plain or a form, then the client gets 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const answer = await h.request('POST', '/v1/businesses', { rawBody: 'slug=x', headers: { 'content-type': type } });
      expectProblem(answer, 415, 'COMMON.UNSUPPORTED_MEDIA_TYPE');
    }
  });

  test('When the body is larger than BODY_LIMIT_BYTES, then the client gets 413', async () => {
    const answer = await h.request('POST', '/v1/businesses', { body: { ...business, display_name_en: 'x'.repeat(10_000) } });

    expectProblem(answer, 413, 'COMMON.PAYLOAD_TOO_LARGE');
  });

  test('When the body has a field the API does not know, then it is rejected, not ignored', async () => {
    const answer = await h.request('POST', '/v1/businesses', { body: { ...business, owner_user_id: 'me' } });

    expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
    expect(answer.body.errors).toEqual([{ pointer: '/owner_user_id', detail: 'is not a known field' }]);
    expect(h.fakes.calls).toHaveLength(0);
  });

  test('When a route that takes no query parameters gets one, then it is rejected', async () => {
    const answer = await h.request('GET', `/v1/businesses/${businessId}?fields=slug`);

    expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
    expect(answer.body.errors).toEqual([{ pointer: '/query/fields', detail: 'is not a known field' }]);
  });

  test('When a field has the wrong type, then it is rejected rather than coerced', async () => {
    const answer = await h.request('POST', `/v1/businesses/${businessId}/services`, {
      body: { name_ja: 'カット', name_en: 'Cut', category: 'hair', duration_minutes: '60', price_amount: 5500 },
    });

    expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
    expect(answer.body.errors).toEqual([{ pointer: '/duration_minutes', detail: 'must be integer' }]);
  });

  test('When the body is JSON but not an object, then the root is pointed at', async () => {
    const answer = await h.request('POST', '/v1/businesses', { body: ['kyoto-ryokan'] });

    expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
    expect(answer.body.errors).toEqual([{ pointer: '', detail: 'must be object' }]);
  });

  test('When several fields are wrong at once, then every one is listed', async () => {
    const answer = await h.request('POST', '/v1/businesses', {
      body: { slug: 'k', display_name_ja: '', category: 'hotel', timezone: 42, color: 'red' },
    });

    expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
    expect(answer.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/category',
      '/color',
      '/display_name_en',
      '/display_name_ja',
      '/slug',
      '/timezone',
    ]);
  });

  test('When a path id is not a UUID, then the client gets 404, not 400 or 500', async () => {
    const answer = await h.request('GET', `/v1/businesses/${businessId}/bookings/1%20OR%201=1`);

    expectProblem(answer, 404, 'COMMON.NOT_FOUND');
    expect(answer.body.detail).toBe('Booking was not found');
  });

  test('When the route does not exist, then the client gets 404 COMMON.ROUTE_NOT_FOUND', async () => {
    const answer = await h.request('GET', '/v1/nope?x=1');

    expectProblem(answer, 404, 'COMMON.ROUTE_NOT_FOUND');
    expect(answer.body.detail).toBe('No route GET /v1/nope');
  });

  test('When the URL is malformed, then the client gets a 400 problem', async () => {
    const answer = await h.request('GET', `/v1/businesses/%E0%A4%A`);

    expectProblem(answer, 400, 'COMMON.BAD_REQUEST');
  });

  test('When a downstream fails with an internal error, then the client gets 500 without its message', async () => {
    h.fakes.override('catalog', 'createBusiness', async () => {
      throw new Error('duplicate key value violates unique constraint "businesses_slug_key" at 10.0.3.7');
    });

    const answer = await h.request('POST', '/v1/businesses', { body: business });

    expectProblem(answer, 500, 'COMMON.INTERNAL');
    expect(JSON.stringify(answer.body)).not.toMatch(/duplicate|constraint|10\.0\.3\.7/);
  });

  test('When a downstream rejects a field, then its field errors reach the client', async () => {
    h.fakes.override('catalog', 'createBusiness', async () => {
      throw new AppError('COMMON.VALIDATION_FAILED', 'The request has invalid fields', {
        kind: 'invalid_argument',
        fields: [{ pointer: '/slug', detail: 'is reserved' }],
      });
    });

    const answer = await h.request('POST', '/v1/businesses', { body: { ...business, slug: 'admin' } });

    expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
    expect(answer.body.errors).toEqual([{ pointer: '/slug', detail: 'is reserved' }]);
  });
});
