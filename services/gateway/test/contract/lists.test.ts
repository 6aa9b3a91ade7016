import { randomUUID } from 'node:crypto';
import { catalogV1 } from '@omotenashi/proto';
import { expectProblem, startHarness, type Harness } from '../support/gateway-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const businessA = randomUUID();
const businessB = randomUUID();
const service = (businessId: string, nameEn: string) =>
  catalogV1.Service.fromPartial({
    id: randomUUID(),
    businessId,
    nameJa: `メニュー ${nameEn}`,
    nameEn,
    category: 'hair',
    durationMinutes: 60,
    price: { amount: 5_500, currency: 'JPY' },
    capacity: 1,
    prepayment: 'none',
    isActive: true,
    createdAt: '2026-04-01T10:00:00.000Z',
    updatedAt: '2026-04-01T10:00:00.000Z',
  });

/** Catalog pages itself: two services per page, token "page-2" between them. */
beforeEach(() => {
  h.fakes.reset();
  h.fakes.override('catalog', 'listServices', async (request: catalogV1.ListServicesRequest) =>
    request.cursor === ''
      ? { services: [service(request.businessId, 'Cut'), service(request.businessId, 'Colour')], nextCursor: 'page-2' }
      : { services: [service(request.businessId, 'Perm')], nextCursor: '' },
  );
});

const listCalls = () => h.fakes.calls.filter((call) => call.method === 'listServices').map((call) => call.request as catalogV1.ListServicesRequest);

describe('A list route: limit, cursor and fields', () => {
  test('When a list is paged through, then next_cursor carries the position opaquely and is null at the end', async () => {
    const first = await h.request('GET', `/v1/businesses/${businessA}/services`, { anonymous: true });
    expect(first.status).toBe(200);
    expect(first.body.data.map((item: { name_en: string }) => item.name_en)).toEqual(['Cut', 'Colour']);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    expect(first.body.next_cursor).not.toContain('page-2');

    const second = await h.request('GET', `/v1/businesses/${businessA}/services?cursor=${first.body.next_cursor}`, { anonymous: true });

    expect(second.body).toEqual({ data: [expect.objectContaining({ name_en: 'Perm' })], next_cursor: null });
    expect(listCalls().map(({ limit, cursor }) => ({ limit, cursor }))).toEqual([
      { limit: 20, cursor: '' },
      { limit: 20, cursor: 'page-2' },
    ]);
  });

  test('When fields are named, then each item has only those and its id', async () => {
    const answer = await h.request('GET', `/v1/businesses/${businessA}/services?fields=name_en,price_amount&limit=2`, { anonymous: true });

    expect(answer.status).toBe(200);
    for (const item of answer.body.data) expect(Object.keys(item).sort()).toEqual(['id', 'name_en', 'price_amount']);
    expect(answer.body.next_cursor).toEqual(expect.any(String));
  });

  test('When fields names unknown fields, then the 400 names each of them and catalog is not called', async () => {
    const answer = await h.request('GET', `/v1/businesses/${businessA}/services?fields=name_en,nameEn,secret`, { anonymous: true });

    expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
    expect(answer.body.errors).toEqual([{ pointer: '/query/fields', detail: expect.stringMatching(/^unknown fields: "nameEn", "secret"/) }]);
    expect(listCalls()).toEqual([]);
  });

  test('When the cursor is garbage or tampered with, then the 400 points at /query/cursor', async () => {
    const cursor = (await h.request('GET', `/v1/businesses/${businessA}/services`, { anonymous: true })).body.next_cursor as string;
    const [payload, signature] = cursor.split('.');
    const forged = `${Buffer.from(JSON.stringify({ t: 'page-99' })).toString('base64url')}.${signature}`;

    for (const bad of ['garbage', forged, `${payload}.${'A'.repeat(22)}`]) {
      const answer = await h.request('GET', `/v1/businesses/${businessA}/services?cursor=${encodeURIComponent(bad)}`, { anonymous: true });
      expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
      expect(answer.body.errors).toEqual([{ pointer: '/query/cursor', detail: expect.any(String) }]);
    }
    expect(listCalls()).toHaveLength(1);
  });

  test("When one business's cursor is used on another business's list, then it is refused", async () => {
    const cursor = (await h.request('GET', `/v1/businesses/${businessA}/services`, { anonymous: true })).body.next_cursor as string;

    const answer = await h.request('GET', `/v1/businesses/${businessB}/services?cursor=${cursor}`, { anonymous: true });

    expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
    expect(answer.body.errors[0].pointer).toBe('/query/cursor');
  });

  test('When limit is outside 1–100, then the 400 points at /query/limit', async () => {
    for (const limit of ['0', '101', 'ten']) {
      const answer = await h.request('GET', `/v1/businesses/${businessA}/services?limit=${limit}`, { anonymous: true });
      expectProblem(answer, 400, 'COMMON.VALIDATION_FAILED');
      expect(answer.body.errors).toEqual([{ pointer: '/query/limit', detail: expect.any(String) }]);
    }
  });
});
