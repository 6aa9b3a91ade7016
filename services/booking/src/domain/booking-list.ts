import { CommonErrors, type FieldError } from '@omotenashi/errors';
import { BOOKING_STATUSES, type Booking, type BookingStatus } from './booking';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** A page of one business's bookings, ordered by (starts_at, id). */
export interface BookingListQuery {
  businessId: string;
  /** Inclusive bounds on booking_date (YYYY-MM-DD, the business's zone). */
  from?: string;
  to?: string;
  statuses: BookingStatus[];
  customerId?: string;
  limit: number;
  /** The last booking of the previous page. */
  after?: { startsAt: Date; id: string };
}

export interface ListRequest {
  businessId: string;
  from: string;
  to: string;
  statuses: string[];
  customerId: string;
  limit: number;
  cursor: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isDate(value: string): boolean {
  return DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

/** Opaque to clients: base64url of the last (starts_at, id) seen. */
export function encodeCursor(booking: Pick<Booking, 'startsAt' | 'id'>): string {
  return Buffer.from(JSON.stringify({ s: booking.startsAt.toISOString(), i: booking.id })).toString('base64url');
}

export function decodeCursor(cursor: string): { startsAt: Date; id: string } | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; i?: unknown };
    if (typeof value.s !== 'string' || typeof value.i !== 'string' || !UUID.test(value.i)) return undefined;
    const startsAt = new Date(value.s);
    return Number.isNaN(startsAt.getTime()) ? undefined : { startsAt, id: value.i.toLowerCase() };
  } catch {
    return undefined;
  }
}

/** Every bad query field at once (pointers into the gateway's query string). */
export function checkListRequest(request: ListRequest): BookingListQuery {
  const fields: FieldError[] = [];
  const bad = (name: string, detail: string) => fields.push({ pointer: `/query/${name}`, detail });
  if (request.from && !isDate(request.from)) bad('from', 'must be a date YYYY-MM-DD');
  if (request.to && !isDate(request.to)) bad('to', 'must be a date YYYY-MM-DD');
  if (request.from && request.to && isDate(request.from) && isDate(request.to) && request.from > request.to) bad('to', 'must not be before from');
  const statuses = [...new Set(request.statuses)];
  if (statuses.some((status) => !BOOKING_STATUSES.includes(status as BookingStatus))) bad('status', `must be among ${BOOKING_STATUSES.join(', ')}`);
  if (request.customerId && !UUID.test(request.customerId)) bad('customer_id', 'must be a UUID');
  if (!Number.isInteger(request.limit) || request.limit < 0 || request.limit > MAX_LIMIT) bad('limit', `must be 1–${MAX_LIMIT}`);
  const after = request.cursor ? decodeCursor(request.cursor) : undefined;
  if (request.cursor && !after) bad('cursor', 'is not a cursor from a previous page');
  if (fields.length) throw CommonErrors.validation(fields);
  return {
    businessId: request.businessId,
    from: request.from || undefined,
    to: request.to || undefined,
    statuses: statuses as BookingStatus[],
    customerId: request.customerId ? request.customerId.toLowerCase() : undefined,
    limit: request.limit || DEFAULT_LIMIT,
    after,
  };
}

/** Rows fetched with `limit + 1`: the extra one only says another page follows. */
export function toPage(rows: Booking[], limit: number): { bookings: Booking[]; nextCursor: string } {
  const bookings = rows.slice(0, limit);
  return { bookings, nextCursor: rows.length > limit ? encodeCursor(bookings[bookings.length - 1]) : '' };
}
