import type { FieldError } from '@omotenashi/errors';

export const DEFAULT_PAGE_LIMIT = 20;
export const MAX_PAGE_LIMIT = 100;

/** The last row of a page of a newest-first list (customers, reviews), ordered by (created_at, id) descending. */
export interface PagePosition {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque to clients: base64url of the last (created_at, id) seen. */
export function encodePosition(row: PagePosition): string {
  return Buffer.from(JSON.stringify({ c: row.createdAt.toISOString(), i: row.id })).toString('base64url');
}

function decodePosition(cursor: string): PagePosition | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { c?: unknown; i?: unknown };
    if (typeof value.c !== 'string' || typeof value.i !== 'string' || !UUID.test(value.i)) return undefined;
    const createdAt = new Date(value.c);
    return Number.isNaN(createdAt.getTime()) ? undefined : { createdAt, id: value.i.toLowerCase() };
  } catch {
    return undefined;
  }
}

/** `limit` (0 → default) and `cursor` checked; problems are pushed onto `fields` (pointers into the query string). */
export function checkPage(limit: number, cursor: string, fields: FieldError[]): { limit: number; after?: PagePosition } {
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_LIMIT) fields.push({ pointer: '/query/limit', detail: `must be 1–${MAX_PAGE_LIMIT}` });
  const after = cursor ? decodePosition(cursor) : undefined;
  if (cursor && !after) fields.push({ pointer: '/query/cursor', detail: 'is not a cursor from a previous page' });
  return { limit: limit || DEFAULT_PAGE_LIMIT, after };
}

/** Rows fetched with `limit + 1`: the extra one only says another page follows. */
export function toPage<T extends PagePosition>(rows: T[], limit: number): { items: T[]; nextCursor: string } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodePosition(items[items.length - 1]) : '' };
}
