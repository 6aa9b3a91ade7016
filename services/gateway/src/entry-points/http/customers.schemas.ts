import { businessParams, dateTime, noQuery, text, uuid, withProblems } from './common.schemas';
import { listQuerySchema, pageSchema } from './pagination';

const nullableText = (maxLength: number, description: string) => ({ type: ['string', 'null'], maxLength, description }) as const;

export const customerResponse = {
  $id: 'Customer',
  title: 'Customer',
  description: "One of the business's customers: one per email, created when they first book",
  type: 'object',
  properties: {
    id: uuid,
    business_id: uuid,
    user_id: { type: ['string', 'null'], format: 'uuid', description: 'The platform user this customer is, when known' },
    email: { type: 'string' },
    name: { type: 'string' },
    name_kana: { type: ['string', 'null'] },
    phone: { type: ['string', 'null'] },
    locale: { type: 'string', enum: ['ja', 'en'] },
    notes: { type: ['string', 'null'], description: 'Staff notes; never shown to the customer' },
    visit_count: { type: 'integer', minimum: 0, description: 'Completed bookings' },
    created_at: dateTime,
    updated_at: dateTime,
  },
  required: ['id', 'business_id', 'user_id', 'email', 'name', 'name_kana', 'phone', 'locale', 'notes', 'visit_count', 'created_at', 'updated_at'],
  additionalProperties: false,
} as const;

export interface CustomerJson {
  id: string;
  business_id: string;
  user_id: string | null;
  email: string;
  name: string;
  name_kana: string | null;
  phone: string | null;
  locale: string;
  notes: string | null;
  visit_count: number;
  created_at: string;
  updated_at: string;
}

export const updateCustomerBody = {
  $id: 'UpdateCustomerBody',
  title: 'UpdateCustomerBody',
  description: 'Only the fields sent change; null clears an optional one',
  type: 'object',
  properties: {
    name: text(200),
    name_kana: nullableText(200, 'Reading of the name in katakana'),
    email: { type: 'string', format: 'email', maxLength: 254 },
    phone: nullableText(40, 'Phone number'),
    locale: { type: 'string', enum: ['ja', 'en'] },
    notes: nullableText(2_000, 'Staff notes'),
    user_id: { type: ['string', 'null'], format: 'uuid', description: 'Links the customer to a platform user (their reviews, their bookings)' },
  },
  minProperties: 1,
  additionalProperties: false,
} as const;

export interface UpdateCustomerBody {
  name?: string;
  name_kana?: string | null;
  email?: string;
  phone?: string | null;
  locale?: string;
  notes?: string | null;
  user_id?: string | null;
}

export const customerParams = {
  $id: 'CustomerParams',
  title: 'CustomerParams',
  type: 'object',
  properties: { businessId: uuid, customerId: uuid },
  required: ['businessId', 'customerId'],
  additionalProperties: false,
} as const;

export interface CustomerParams {
  businessId: string;
  customerId: string;
}

export const listCustomersQuery = listQuerySchema('ListCustomersQuery', {
  q: { type: 'string', minLength: 1, maxLength: 200, description: 'Part of the name, kana reading or email (case-insensitive)' },
});

export interface ListCustomersQuery {
  q?: string;
  limit?: number;
  cursor?: string;
  fields?: string;
}

export const deleteCustomerQuery = {
  $id: 'DeleteCustomerQuery',
  title: 'DeleteCustomerQuery',
  type: 'object',
  properties: {
    erase: {
      type: 'boolean',
      default: false,
      description:
        "A privacy request: scrub the customer's name, kana, email, phone and notes (and their bookings' notes and reviews' text) for good; bookings keep their prices and dates",
    },
  },
  additionalProperties: false,
} as const;

export interface DeleteCustomerQuery {
  erase: boolean;
}

export const listCustomersSchema = {
  params: businessParams,
  querystring: listCustomersQuery,
  response: withProblems({ 200: pageSchema('CustomerPage', customerResponse) }),
};
export const getCustomerSchema = { params: customerParams, querystring: noQuery, response: withProblems({ 200: customerResponse }) };
export const updateCustomerSchema = { params: customerParams, querystring: noQuery, body: updateCustomerBody, response: withProblems({ 200: customerResponse }) };
export const deleteCustomerSchema = {
  params: customerParams,
  querystring: deleteCustomerQuery,
  response: withProblems({ 204: { type: 'null', description: 'Deleted (or erased)' } }),
};
