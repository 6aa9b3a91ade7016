import { FieldCheck } from './catalog-rules';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

export interface PageRequest {
  limit: number;
  /** The id after which the page starts (decoded from the opaque cursor). */
  afterId?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string;
}

/** Opaque to clients: base64url of the last id seen. Ids are UUIDv7, so id order is creation order. */
export function encodeCursor(id: string): string {
  return Buffer.from(JSON.stringify({ after: id })).toString('base64url');
}

/**
 * `limit` 0 means the default; a bad limit or a cursor we did not issue is a field error, added to
 * `check` so that it is reported together with the caller's other query problems.
 */
export function pageRequest(limit: number, cursor: string, check = new FieldCheck()): PageRequest {
  check.require(Number.isInteger(limit) && limit >= 0 && limit <= MAX_LIMIT, '/query/limit', `must be 1–${MAX_LIMIT}`);
  const afterId = cursor ? decodeCursor(cursor) : undefined;
  check.require(!cursor || afterId !== undefined, '/query/cursor', 'is not a cursor from a previous page');
  check.throwIfAny();
  return { limit: limit || DEFAULT_LIMIT, afterId };
}

function decodeCursor(cursor: string): string | undefined {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    return typeof decoded.after === 'string' && /^[0-9a-f-]{36}$/.test(decoded.after) ? decoded.after : undefined;
  } catch {
    return undefined;
  }
}

/** One page of rows fetched with `limit + 1`: the extra row only says there is more. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].id) : '' };
}

/** The same paging over a list already in memory (a business's services, resources or staff). */
export function paginate<T extends { id: string }>(all: T[], page: PageRequest): Page<T> {
  const sorted = [...all].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const start = page.afterId ? sorted.filter((item) => item.id > page.afterId!) : sorted;
  return toPage(start.slice(0, page.limit + 1), page.limit);
}
