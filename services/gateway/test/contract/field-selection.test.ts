import { parseFields, pickFields, selectFields } from '../../src/entry-points/http/field-selection';

const itemSchema = { properties: { id: {}, slug: {}, display_name: {}, created_at: {} } };
const item = { id: 'b1', slug: 'kyoto-ryokan', display_name: '京都旅館', created_at: '2026-04-01T10:00:00Z' };

function problemOf(run: () => unknown): { code: string; fields: { pointer: string; detail: string }[] } {
  try {
    run();
  } catch (error) {
    return error as never;
  }
  throw new Error('expected a problem');
}

describe('fields=', () => {
  test('When no fields are asked for, then every field is returned', () => {
    expect(parseFields(undefined, itemSchema)).toBeUndefined();
    expect(pickFields(item, undefined)).toBe(item);
  });

  test('When fields are named, then only those and id are returned', () => {
    const selection = parseFields('slug, display_name', itemSchema);

    expect(pickFields(item, selection)).toEqual({ id: 'b1', slug: 'kyoto-ryokan', display_name: '京都旅館' });
  });

  test('When unknown fields are named, then a 400 at /query/fields names each of them', () => {
    const problem = problemOf(() => parseFields('slug,owner_email,displayName,owner_email', itemSchema));

    expect(problem.code).toBe('COMMON.VALIDATION_FAILED');
    expect(problem.fields).toHaveLength(1);
    expect(problem.fields[0]!.pointer).toBe('/query/fields');
    expect(problem.fields[0]!.detail).toMatch(/^unknown fields: "owner_email", "displayName" \(known: id, slug, display_name, created_at\)$/);
  });

  test('When fields is only commas, then it is a 400 rather than an empty object per item', () => {
    expect(problemOf(() => parseFields(' , ,', itemSchema)).fields[0]).toEqual({
      pointer: '/query/fields',
      detail: 'must name at least one field',
    });
  });

  test('When a field name holds control characters, then the problem does not echo them', () => {
    const detail = problemOf(() => parseFields('a\u0000\u001b[31m', itemSchema)).fields[0]!.detail;

    expect([...detail].some((char) => char.charCodeAt(0) < 0x20)).toBe(false);
  });

  test('When the known fields are given as names, then they work like a schema', () => {
    expect(pickFields(item, parseFields('slug', ['id', 'slug']))).toEqual({ id: 'b1', slug: 'kyoto-ryokan' });
  });

  test('When a page is selected, then each item is cut down and next_cursor is kept', () => {
    const page = { data: [item, { ...item, id: 'b2' }], next_cursor: 'abc' };

    expect(selectFields(page, parseFields('created_at', itemSchema))).toEqual({
      data: [
        { id: 'b1', created_at: item.created_at },
        { id: 'b2', created_at: item.created_at },
      ],
      next_cursor: 'abc',
    });
    expect(selectFields(page, undefined)).toBe(page);
  });
});
