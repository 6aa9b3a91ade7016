/**
 * Schema pieces every area shares. Top-level schemas carry `$id` and `title` so the OpenAPI document
 * (a later issue) can name them; every object is closed with `additionalProperties: false`.
 */

export const CATEGORIES = [
  'beauty',
  'hair',
  'nail',
  'esthetic',
  'spa',
  'clinic',
  'dental',
  'restaurant',
  'lodging',
  'fitness',
  'lesson',
  'photo',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const uuid = { type: 'string', format: 'uuid' } as const;
export const category = { type: 'string', enum: CATEGORIES } as const;
export const currency = { type: 'string', format: 'iso-4217', description: 'ISO 4217 code, e.g. JPY' } as const;
export const dateTime = { type: 'string', format: 'date-time', description: 'RFC 3339 with offset' } as const;
export const date = { type: 'string', format: 'date', description: 'YYYY-MM-DD in the business time zone' } as const;
/** Money in minor units (JPY has none); int64 on the wire, safe-integer in JSON. */
export const amount = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
export const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;

export const problemSchema = {
  $id: 'Problem',
  title: 'Problem',
  description: 'RFC 9457 problem details (application/problem+json)',
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'Stable error code, e.g. BOOKING.SLOT_TAKEN' },
    request_id: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { pointer: { type: 'string' }, detail: { type: 'string' } },
        required: ['pointer', 'detail'],
      },
    },
  },
  required: ['type', 'title', 'status', 'detail', 'code', 'request_id'],
} as const;

/** Success schemas plus the problem answers every route may give (documentation; problems are sent pre-serialized). */
export function withProblems<R extends Record<number, unknown>>(success: R) {
  return { ...success, '4xx': { $ref: 'Problem#' }, '5xx': { $ref: 'Problem#' } };
}

/** Routes that take no query parameters say so, so a typo (`?form=`) is an error rather than ignored. */
export const noQuery = {
  $id: 'NoQuery',
  title: 'NoQuery',
  type: 'object',
  properties: {},
  additionalProperties: false,
} as const;

export const businessParams = {
  $id: 'BusinessParams',
  title: 'BusinessParams',
  type: 'object',
  properties: { businessId: uuid },
  required: ['businessId'],
  additionalProperties: false,
} as const;
export interface BusinessParams {
  businessId: string;
}

/**
 * The body of an action that takes no input (`POST …/approve`): none at all, or `{}`. A JSON
 * content type with a zero-length body is still malformed JSON, as on every other route.
 */
export const emptyBody = {
  $id: 'EmptyBody',
  title: 'EmptyBody',
  description: 'No body, or an empty JSON object',
  type: ['object', 'null'],
  properties: {},
  additionalProperties: false,
} as const;
