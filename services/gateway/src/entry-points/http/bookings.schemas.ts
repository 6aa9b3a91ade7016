import { amount, businessParams, date, dateTime, noQuery, text, uuid, withProblems } from './common.schemas';
import { listQuerySchema, pageSchema } from './pagination';

const nullable = <T extends { type: string }>(schema: T) => ({ ...schema, type: [schema.type, 'null'] }) as const;
const hours = { type: 'integer', minimum: 0 } as const;
const percent = { type: 'integer', minimum: 0, maximum: 100 } as const;

export const BOOKING_STATUSES = ['held', 'pending_approval', 'confirmed', 'completed', 'no_show', 'expired', 'cancelled'] as const;
const ACTORS = ['business', 'guest', 'system'] as const;

export const customerSchema = {
  title: 'BookingCustomer',
  type: 'object',
  properties: {
    name: text(200),
    email: { type: 'string', format: 'email', maxLength: 254 },
    phone: { type: 'string', pattern: '^\\+?[0-9][0-9 ()-]{5,24}$', description: 'Digits, spaces, (), - and a leading +' },
    locale: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35, description: 'BCP 47, e.g. ja or en' },
  },
  required: ['name', 'email'],
  additionalProperties: false,
} as const;

export const createBookingBody = {
  $id: 'CreateBookingBody',
  title: 'CreateBookingBody',
  type: 'object',
  properties: {
    service_id: uuid,
    starts_at: dateTime,
    staff_id: uuid,
    party_size: { type: 'integer', minimum: 1, maximum: 1_000, default: 1 },
    customer: customerSchema,
    notes: { type: 'string', maxLength: 2_000 },
  },
  required: ['service_id', 'starts_at', 'customer'],
  additionalProperties: false,
} as const;

export interface CreateBookingBody {
  service_id: string;
  starts_at: string;
  staff_id?: string;
  party_size: number;
  customer: { name: string; email: string; phone?: string; locale?: string };
  notes?: string;
}

/** Same header syntax the booking service enforces (IETF idempotency-key draft; Stripe's 255 limit). */
const createBookingHeaders = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string',
      pattern: '^[\\x21-\\x7e]{1,255}$',
      description:
        'Any unique string (a UUID v4 is ideal), 1–255 visible ASCII characters. A retry with the same key and body gets the first answer again (201 or the problem) instead of a second booking; the same key with another body is 422; while the first is in flight, 409 BOOKING.IDEMPOTENCY_IN_PROGRESS. Keys belong to the caller (user, API key, or a guest\'s address).',
    },
  },
} as const;

const policySnapshotSchema = {
  title: 'BookingPolicySnapshot',
  description: 'The policy and prepayment agreed when booking; later changes to the business or service do not rewrite it',
  type: 'object',
  properties: {
    cancel_cutoff_hours: hours,
    reschedule_cutoff_hours: hours,
    cancellation_fee_percent: percent,
    refund_percent: percent,
    prepayment: { type: 'string', enum: ['none', 'deposit', 'full'] },
    deposit_amount: amount,
  },
  required: ['cancel_cutoff_hours', 'reschedule_cutoff_hours', 'cancellation_fee_percent', 'refund_percent', 'prepayment', 'deposit_amount'],
  additionalProperties: false,
} as const;

const cancellationSchema = {
  title: 'BookingCancellationRecord',
  description: 'Set once the booking is cancelled; null before',
  type: ['object', 'null'],
  properties: {
    cancelled_at: dateTime,
    cancelled_by: { type: 'string', enum: ACTORS },
    reason: nullable({ type: 'string' }),
    fee_amount: { ...amount, description: "Owed by the customer, in the booking's currency; 0 before the cut-off" },
    refund_amount: { ...amount, description: 'Of what was prepaid, the part given back' },
  },
  required: ['cancelled_at', 'cancelled_by', 'reason', 'fee_amount', 'refund_amount'],
  additionalProperties: false,
} as const;

const bookingProperties = {
  id: uuid,
  business_id: uuid,
  service_id: uuid,
  customer_id: uuid,
  status: { type: 'string', enum: BOOKING_STATUSES },
  starts_at: dateTime,
  ends_at: dateTime,
  booking_date: date,
  staff_id: nullable(uuid),
  resource_ids: { type: 'array', items: uuid },
  party_size: { type: 'integer' },
  price_amount: amount,
  currency: { type: 'string' },
  hold_expires_at: nullable(dateTime),
  notes: nullable({ type: 'string' }),
  policy: policySnapshotSchema,
  cancellation: cancellationSchema,
  reschedule_count: { type: 'integer', minimum: 0 },
  created_at: dateTime,
  updated_at: dateTime,
} as const;

/** The allow-list of what a booking shows: never the manage token's hash, nor anything not named here. */
export const bookingResponse = {
  $id: 'Booking',
  title: 'Booking',
  type: 'object',
  properties: bookingProperties,
  required: Object.keys(bookingProperties),
  additionalProperties: false,
} as const;

/** A new booking; a guest also gets the token that lets them cancel or reschedule it, in this answer only. */
export const createdBookingResponse = {
  $id: 'CreatedBooking',
  title: 'CreatedBooking',
  type: 'object',
  properties: {
    ...bookingProperties,
    manage_token: {
      type: 'string',
      description:
        'Guests only, and only in the first answer (a replay by Idempotency-Key has none): send it as X-Manage-Token to cancel or reschedule. Keep it secret; it is not stored.',
    },
  },
  required: Object.keys(bookingProperties),
  additionalProperties: false,
} as const;

export interface BookingPolicyJson {
  cancel_cutoff_hours: number;
  reschedule_cutoff_hours: number;
  cancellation_fee_percent: number;
  refund_percent: number;
  prepayment: string;
  deposit_amount: number;
}

export interface CancellationJson {
  cancelled_at: string;
  cancelled_by: string;
  reason: string | null;
  fee_amount: number;
  refund_amount: number;
}

export interface BookingJson {
  id: string;
  business_id: string;
  service_id: string;
  customer_id: string;
  status: string;
  starts_at: string;
  ends_at: string;
  booking_date: string;
  staff_id: string | null;
  resource_ids: string[];
  party_size: number;
  price_amount: number;
  currency: string;
  hold_expires_at: string | null;
  notes: string | null;
  policy: BookingPolicyJson;
  cancellation: CancellationJson | null;
  reschedule_count: number;
  created_at: string;
  updated_at: string;
}

export interface CreatedBookingJson extends BookingJson {
  manage_token?: string;
}

export const listBookingsQuery = listQuerySchema('ListBookingsQuery', {
  from: { ...date, description: 'First booking_date to include (YYYY-MM-DD in the business time zone)' },
  to: { ...date, description: 'Last booking_date to include' },
  status: {
    type: 'string',
    pattern: '^[a-z_]+(,[a-z_]+)*$',
    maxLength: 200,
    description: `One status or several, comma-separated: ${BOOKING_STATUSES.join(', ')}`,
  },
  customer_id: uuid,
});

export interface ListBookingsQuery {
  from?: string;
  to?: string;
  status?: string;
  customer_id?: string;
  limit?: number;
  cursor?: string;
  fields?: string;
}

export const bookingParams = {
  $id: 'BookingParams',
  title: 'BookingParams',
  type: 'object',
  properties: { businessId: uuid, bookingId: uuid },
  required: ['businessId', 'bookingId'],
  additionalProperties: false,
} as const;
export interface BookingParams {
  businessId: string;
  bookingId: string;
}

export const createBookingSchema = {
  params: businessParams,
  querystring: noQuery,
  headers: createBookingHeaders,
  body: createBookingBody,
  response: withProblems({ 201: createdBookingResponse }),
};
export const listBookingsSchema = {
  params: businessParams,
  querystring: listBookingsQuery,
  response: withProblems({ 200: pageSchema('BookingPage', bookingResponse) }),
};
export const getBookingSchema = {
  params: bookingParams,
  querystring: noQuery,
  response: withProblems({ 200: bookingResponse }),
};
