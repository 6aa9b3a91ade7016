import { amount, businessParams, date, dateTime, noQuery, text, uuid, withProblems } from './common.schemas';

const nullable = <T extends { type: string }>(schema: T) => ({ ...schema, type: [schema.type, 'null'] }) as const;

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

export const bookingResponse = {
  $id: 'Booking',
  title: 'Booking',
  type: 'object',
  properties: {
    id: uuid,
    business_id: uuid,
    service_id: uuid,
    customer_id: uuid,
    status: {
      type: 'string',
      description: 'held | pending_approval | confirmed | completed | no_show | expired | cancelled',
    },
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
    created_at: dateTime,
    updated_at: dateTime,
  },
  required: ['id', 'business_id', 'service_id', 'status', 'starts_at', 'ends_at', 'booking_date', 'price_amount', 'currency'],
  additionalProperties: false,
} as const;

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
  created_at: string;
  updated_at: string;
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
  body: createBookingBody,
  response: withProblems({ 201: bookingResponse }),
};
export const getBookingSchema = {
  params: bookingParams,
  querystring: noQuery,
  response: withProblems({ 200: bookingResponse }),
};
