import fc from 'fast-check';
import {
  createCursorCodec,
  DEFAULT_PAGE_LIMIT,
  listQuerySchema,
  MAX_PAGE_LIMIT,
  pageQueryProperties,
  pageSchema,
} from '../../src/entry-points/http/pagination';

const codec = createCursorCodec('a-test-secret-that-is-long-enough-0123456789');
const KEYS = ['created_at', 'id'] as const;
const position = { created_at: '2026-04-01T10:00:00.000Z', id: '0190a5b4-7c1e-7000-8000-00000000b004' };

function expectCursorProblem(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toMatchObject({
      code: 'COMMON.VALIDATION_FAILED',
      kind: 'invalid_argument',
      fields: [{ pointer: '/query/cursor', detail: expect.any(String) }],
    });
    return;
  }
  throw new Error('expected a 400 problem at /query/cursor');
}

describe('Cursors', () => {
  test('When a cursor is decoded in the list that issued it, then the keyset position comes back', () => {
    const cursor = codec.encode('businesses', position);

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(codec.decode('businesses', cursor, KEYS)).toEqual(position);
  });

  test('When the position is base64url JSON, then it stays readable but not forgeable', () => {
    const [payload] = codec.encode('businesses', position).split('.');

    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toEqual(position);
  });

  test('When the payload is tampered with, then the cursor is a 400 problem at /query/cursor', () => {
    const [, signature] = codec.encode('businesses', position).split('.');
    const forged = Buffer.from(JSON.stringify({ ...position, id: '00000000-0000-7000-8000-000000000000' })).toString('base64url');

    expectCursorProblem(() => codec.decode('businesses', `${forged}.${signature}`, KEYS));
  });

  test('When a cursor is taken to another list or another business, then it is refused', () => {
    const cursor = codec.encode('services:business-a', position);

    expectCursorProblem(() => codec.decode('services:business-b', cursor, KEYS));
    expectCursorProblem(() => codec.decode('resources:business-a', cursor, KEYS));
  });

  test('When another gateway key signed it, then it is refused', () => {
    const other = createCursorCodec('another-secret-another-secret-another-secret');

    expectCursorProblem(() => codec.decode('businesses', other.encode('businesses', position), KEYS));
  });

  test('When the cursor is garbage, then it is a 400 problem, never a 500', () => {
    for (const garbage of ['x', 'abc.def', '..', 'not base64!.AAAAAAAAAAAAAAAAAAAAAA', `${'A'.repeat(2_000)}.${'A'.repeat(22)}`]) {
      expectCursorProblem(() => codec.decode('businesses', garbage, KEYS));
    }
  });

  test('When a signed cursor holds other keys than the list pages by, then it is refused', () => {
    expectCursorProblem(() => codec.decode('businesses', codec.encode('businesses', { id: position.id }), KEYS));
  });

  test('When any position round-trips, then it decodes to itself; when any byte changes, then it is refused', () => {
    const scalar = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(scalar, scalar, fc.nat(), (a, b, flip) => {
        const value = { created_at: a, id: b };
        const cursor = codec.encode('businesses', value);
        expect(codec.decode('businesses', cursor, KEYS)).toEqual(value);

        const index = flip % cursor.length;
        const replacement = cursor[index] === 'A' ? 'B' : 'A';
        const changed = cursor.slice(0, index) + replacement + cursor.slice(index + 1);
        // A change in the last base64url character may only touch padding bits the decoder ignores.
        if (changed !== cursor && Buffer.from(changed.split('.')[1] ?? '', 'base64url').toString('base64url') === changed.split('.')[1]) {
          expectCursorProblem(() => codec.decode('businesses', changed, KEYS));
        }
      }),
    );
  });
});

describe('Keyset pages', () => {
  const rows = Array.from({ length: 5 }, (_, i) => ({ id: `id-${i}`, created_at: `2026-04-0${i + 1}`, name: `n${i}` }));
  const pager = codec.keysetPager('businesses', KEYS);

  test('When the query has no limit or cursor, then the first page of 20 is asked for', () => {
    expect(pager.start({})).toEqual({ limit: DEFAULT_PAGE_LIMIT, after: undefined });
  });

  test('When one row more than the limit came back, then next_cursor resumes after the last row shown', () => {
    const page = pager.page(rows.slice(0, 3), 2);

    expect(page.data.map((row) => row.id)).toEqual(['id-0', 'id-1']);
    expect(pager.start({ limit: 2, cursor: page.next_cursor! })).toEqual({
      limit: 2,
      after: { created_at: '2026-04-02', id: 'id-1' },
    });
  });

  test('When no extra row came back, then it is the last page and next_cursor is null', () => {
    expect(pager.page(rows.slice(0, 2), 2)).toEqual({ data: rows.slice(0, 2), next_cursor: null });
    expect(pager.page([], 2)).toEqual({ data: [], next_cursor: null });
  });

  test('When a route forgot to bound limit in its schema, then the pager still keeps it within 1–100', () => {
    expect(pager.start({ limit: 10_000 }).limit).toBe(MAX_PAGE_LIMIT);
    expect(pager.start({ limit: 0 }).limit).toBe(1);
  });
});

describe('Downstream page tokens', () => {
  const pager = codec.tokenPager('services:b1');

  test("When the downstream has more, then its token travels signed and comes back on the next request", () => {
    const page = pager.page([{ id: 'a' }], 'downstream-token-42');

    expect(page.next_cursor).not.toContain('downstream-token-42');
    expect(pager.start({ limit: 5, cursor: page.next_cursor! })).toEqual({ limit: 5, token: 'downstream-token-42' });
  });

  test('When the downstream says it was the last page, then next_cursor is null', () => {
    expect(pager.page([{ id: 'a' }], '').next_cursor).toBeNull();
    expect(pager.page([], undefined)).toEqual({ data: [], next_cursor: null });
    expect(pager.start({})).toEqual({ limit: DEFAULT_PAGE_LIMIT, token: '' });
  });

  test('When a token cursor is used on a keyset list, then it is refused', () => {
    const cursor = codec.tokenPager('businesses').page([], 'tok').next_cursor!;

    expectCursorProblem(() => codec.keysetPager('businesses', KEYS).start({ cursor }));
  });
});

describe('List schemas', () => {
  test('When a list query schema is built, then it holds the filters, limit, cursor and fields, and nothing else', () => {
    const schema = listQuerySchema('ListThingsQuery', { q: { type: 'string' } });

    expect(Object.keys(schema.properties)).toEqual(['q', 'limit', 'cursor', 'fields']);
    expect(schema.additionalProperties).toBe(false);
    expect(pageQueryProperties.limit).toMatchObject({ minimum: 1, maximum: 100, default: 20 });
  });

  test('When a page schema wraps an item, then fields may be left out but the envelope is fixed', () => {
    const item = { $id: 'Thing', title: 'Thing', type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };

    const schema = pageSchema('ThingList', item);

    expect(schema.properties.data.items).toEqual({ title: 'ThingListItem', type: 'object', properties: { id: { type: 'string' } } });
    expect(schema.required).toEqual(['data', 'next_cursor']);
    expect(item.$id).toBe('Thing');
  });
});
