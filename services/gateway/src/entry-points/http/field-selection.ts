import { CommonErrors } from '@omotenashi/errors';
import type { Page } from './pagination';

/**
 * `fields=a,b` on list routes: each item keeps only the named top-level fields (and `id`, always).
 *
 *   querystring: listQuerySchema('ListServicesQuery', { … }),            // adds `fields` (pagination.ts)
 *   const selection = parseFields(request.query.fields, serviceResponse); // 400 at /query/fields if unknown
 *   return selectFields(page, selection);
 *
 * The list's item schema must not `require` fields a selection can omit; `pageSchema` (pagination.ts)
 * takes care of that.
 */

/** The `fields` query parameter, to spread into a list route's querystring `properties`. */
export const fieldsQueryProperty = {
  fields: {
    type: 'string',
    minLength: 1,
    maxLength: 1_000,
    description: 'Comma-separated top-level fields to return for each item (`id` is always returned), e.g. `id,slug,display_name`',
  },
} as const;

/** The field names a selection kept, `id` included; `undefined` means every field. */
export type FieldSelection = ReadonlySet<string> | undefined;

/** An object schema (its `properties` name the known fields) or the field names themselves. */
export type KnownFields = { properties: Record<string, unknown> } | readonly string[];

const ALWAYS_KEPT = 'id';
const MAX_FIELDS = 100;

/**
 * Parses `fields=a,b` against the item's known fields. Absent → `undefined` (every field).
 * Unknown names → a 400 problem whose error at `/query/fields` names each of them.
 */
export function parseFields(raw: string | undefined, known: KnownFields): FieldSelection {
  if (raw === undefined) return undefined;
  const knownNames = new Set(Array.isArray(known) ? known : Object.keys((known as { properties: object }).properties));
  const requested = raw
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
    .slice(0, MAX_FIELDS);
  const unknown = [...new Set(requested.filter((name) => !knownNames.has(name)))];
  if (unknown.length > 0) {
    throw CommonErrors.validation([
      {
        pointer: '/query/fields',
        detail: `unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.map(shown).join(', ')} (known: ${[...knownNames].join(', ')})`,
      },
    ]);
  }
  if (requested.length === 0) {
    throw CommonErrors.validation([{ pointer: '/query/fields', detail: 'must name at least one field' }]);
  }
  const selection = new Set(requested);
  if (knownNames.has(ALWAYS_KEPT)) selection.add(ALWAYS_KEPT);
  return selection;
}

/** One item with only the selected fields (the item itself when nothing was selected). */
export function pickFields<T extends object>(item: T, selection: FieldSelection): Partial<T> {
  if (!selection) return item;
  const picked: Partial<T> = {};
  for (const key of Object.keys(item) as (keyof T & string)[]) {
    if (selection.has(key)) picked[key] = item[key];
  }
  return picked;
}

/** A list answer `{ data, next_cursor }` with only the selected fields of each item. */
export function selectFields<T extends object>(page: Page<T>, selection: FieldSelection): Page<Partial<T>> {
  if (!selection) return page;
  return { ...page, data: page.data.map((item) => pickFields(item, selection)) };
}

/** Client text echoed in a problem: bounded and without control characters. */
function shown(name: string): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '?');
  return JSON.stringify(clean.length > 40 ? `${clean.slice(0, 40)}…` : clean);
}
