import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { CommonErrors } from '@omotenashi/errors';
import fp from 'fastify-plugin';
import { fieldsQueryProperty } from './field-selection';

/**
 * Lists: `?limit=` (default 20, max 100) and an opaque `?cursor=`, answered with
 * `{ "data": [...], "next_cursor": "…" | null }`.
 *
 * A cursor is base64url(JSON position) + "." + an HMAC of it and the list's scope, so a client can
 * neither forge a position nor carry a cursor to another list (or another business's list): any such
 * cursor, or garbage, is a 400 problem at `/query/cursor`.
 *
 * Downstream pages itself (gRPC `limit`/`cursor` → `next_cursor`), the usual case:
 *
 *   const pager = app.cursors.tokenPager(`services:${businessId}`);
 *   const { limit, token } = pager.start(request.query);            // token '' on the first page
 *   const res = await listServices(downstreams, { businessId, limit, cursor: token });
 *   return selectFields(pager.page(res.services.map(toServiceResponse), res.nextCursor), selection);
 *
 * Keyset paging done here (rows fetched with `limit + 1`, ordered by the keys):
 *
 *   const pager = app.cursors.keysetPager('businesses', ['created_at', 'id']);
 *   const { limit, after } = pager.start(request.query);            // after: { created_at, id } | undefined
 *   return pager.page(rowsFetchedWithLimitPlusOne, limit);
 */

export const DEFAULT_PAGE_LIMIT = 20;
export const MAX_PAGE_LIMIT = 100;

/** `limit` and `cursor`, to spread into a list route's querystring `properties`. */
export const pageQueryProperties = {
  limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT, description: 'Items per page' },
  cursor: { type: 'string', minLength: 1, maxLength: 1_024, description: "Opaque: the previous page's next_cursor" },
} as const;

export interface PageQuery {
  limit?: number;
  cursor?: string;
}

/** A list route's whole querystring schema: its filters, then `limit`, `cursor` and `fields`; nothing else. */
export function listQuerySchema<P extends Record<string, unknown>>(id: string, filters: P) {
  return {
    $id: id,
    title: id,
    type: 'object',
    properties: { ...filters, ...pageQueryProperties, ...fieldsQueryProperty },
    additionalProperties: false,
  } as const;
}

/**
 * The list answer schema. The item schema is copied without `$id` and `required`, so `fields=`
 * may leave fields out, and titled `<id>Item` for the docs.
 */
export function pageSchema<S extends { properties: Record<string, unknown> }>(id: string, item: S) {
  const { $id: _id, required: _required, ...fields } = item as S & { $id?: string; required?: string[] };
  const itemCopy = { ...fields, title: `${id}Item` };
  return {
    $id: id,
    title: id,
    type: 'object',
    properties: {
      data: { type: 'array', items: itemCopy },
      next_cursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page' },
    },
    required: ['data', 'next_cursor'],
    additionalProperties: false,
  } as const;
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export type KeysetValue = string | number | boolean | null;
export type Keyset = Readonly<Record<string, KeysetValue>>;

export interface KeysetPager {
  /** The page size and the position to continue after (`undefined` on the first page). */
  start(query: PageQuery): { limit: number; after: Keyset | undefined };
  /** Rows fetched with `limit + 1`, in key order → the page; the extra row only says there is more. */
  page<T extends object>(rows: readonly T[], limit: number): Page<T>;
}

export interface TokenPager {
  /** The page size and the downstream's own page token (`''` on the first page). */
  start(query: PageQuery): { limit: number; token: string };
  /** One downstream page and its next token (empty or absent on the last page) → the page. */
  page<T>(items: T[], nextToken: string | null | undefined): Page<T>;
}

export interface CursorCodec {
  /** The cursor that resumes list `scope` after `position`. */
  encode(scope: string, position: Keyset): string;
  /** The position a cursor of list `scope` stands for, with exactly `keys`; anything else → 400 at /query/cursor. */
  decode(scope: string, cursor: string, keys: readonly string[]): Keyset;
  keysetPager(scope: string, keys: readonly string[]): KeysetPager;
  tokenPager(scope: string): TokenPager;
}

const MAC_BYTES = 16;
const CURSOR_SHAPE = /^[A-Za-z0-9_-]{2,1000}\.[A-Za-z0-9_-]{22}$/;
const TOKEN_KEY = 't';

export const invalidCursor = () =>
  CommonErrors.validation([
    { pointer: '/query/cursor', detail: 'is not a cursor this list gave out; start again without a cursor' },
  ]);

export function createCursorCodec(secret: string | Buffer): CursorCodec {
  const mac = (scope: string, payload: string) =>
    createHmac('sha256', secret).update(`omotenashi.cursor.v1\n${scope}\n${payload}`).digest().subarray(0, MAC_BYTES);

  const codec: CursorCodec = {
    encode(scope, position) {
      const payload = Buffer.from(JSON.stringify(position)).toString('base64url');
      return `${payload}.${mac(scope, payload).toString('base64url')}`;
    },
    decode(scope, cursor, keys) {
      if (!CURSOR_SHAPE.test(cursor)) throw invalidCursor();
      const [payload = '', signature = ''] = cursor.split('.');
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== MAC_BYTES || !timingSafeEqual(given, mac(scope, payload))) throw invalidCursor();
      const position = parseJson(Buffer.from(payload, 'base64url').toString('utf8'));
      if (!isKeyset(position, keys)) throw invalidCursor();
      return position;
    },
    keysetPager(scope, keys) {
      return {
        start: (query) => ({
          limit: limitOf(query),
          after: query.cursor === undefined ? undefined : codec.decode(scope, query.cursor, keys),
        }),
        page(rows, limit) {
          const data = rows.slice(0, limit);
          const last = data[data.length - 1];
          return { data, next_cursor: rows.length > limit && last ? codec.encode(scope, positionOf(last, keys)) : null };
        },
      };
    },
    tokenPager(scope) {
      return {
        start: (query) => ({
          limit: limitOf(query),
          token: query.cursor === undefined ? '' : String(codec.decode(scope, query.cursor, [TOKEN_KEY])[TOKEN_KEY]),
        }),
        page: (items, nextToken) => ({ data: items, next_cursor: nextToken ? codec.encode(scope, { [TOKEN_KEY]: nextToken }) : null }),
      };
    },
  };
  return codec;
}

function limitOf(query: PageQuery): number {
  const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
  // The schema already bounds it; this guards a route whose schema forgot to.
  return Math.min(Math.max(Math.trunc(limit), 1), MAX_PAGE_LIMIT);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalidCursor();
  }
}

function isKeyset(value: unknown, keys: readonly string[]): value is Keyset {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length === keys.length &&
    entries.every(([key, item]) => keys.includes(key) && (item === null || ['string', 'number', 'boolean'].includes(typeof item)))
  );
}

function positionOf(row: object, keys: readonly string[]): Keyset {
  const position: Record<string, KeysetValue> = {};
  for (const key of keys) {
    const value = (row as Record<string, unknown>)[key];
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
      throw new Error(`keyset field ${key} is missing or not a scalar`);
    }
    position[key] = value as KeysetValue;
  }
  return position;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Signs and checks list cursors (see pagination.ts). */
    cursors: CursorCodec;
  }
}

export interface PaginationOptions {
  /** HMAC key for cursors (CURSOR_SECRET). */
  secret?: string;
  /** Without `secret`: a key derived from this one (JWT_SECRET), so every replica agrees; else random per process. */
  derivedFrom?: string;
}

/** Decorates the app with `cursors`, so every list route signs with the same configured key. */
export const paginationPlugin = fp<PaginationOptions>(
  async (app, { secret, derivedFrom }) => {
    const key = secret ?? (derivedFrom ? Buffer.from(hkdfSync('sha256', derivedFrom, '', 'omotenashi list cursors', 32)) : randomBytes(32));
    app.decorate('cursors', createCursorCodec(key));
  },
  { name: 'pagination' },
);
