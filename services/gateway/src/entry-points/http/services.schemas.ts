import { amount, businessParams, category, currency, dateTime, text, uuid, noQuery, withProblems, type Category } from './common.schemas';
import { listQuerySchema, pageSchema } from './pagination';

const PREPAYMENT = ['none', 'deposit', 'full'] as const;
const minutes = (min: number, max: number) => ({ type: 'integer', minimum: min, maximum: max }) as const;
export const resourceKind = { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,39}$', description: 'e.g. chair, private_room' } as const;

const serviceFields = {
  name_ja: text(200),
  name_en: text(200),
  description_ja: { type: 'string', maxLength: 5_000 },
  description_en: { type: 'string', maxLength: 5_000 },
  category,
  duration_minutes: minutes(1, 1_440),
  buffer_before_minutes: minutes(0, 240),
  buffer_after_minutes: minutes(0, 240),
  price_amount: { ...amount, description: 'Tax-inclusive, in minor units of the currency (JPY has none)' },
  capacity: { type: 'integer', minimum: 1, maximum: 1_000, description: '1 = one-to-one; more = a class or table with seats' },
  prepayment: { type: 'string', enum: PREPAYMENT },
  deposit_amount: amount,
  resource_kinds: { type: 'array', maxItems: 10, uniqueItems: true, items: resourceKind, description: 'Kinds of resource each booking needs one of' },
  staff_ids: { type: 'array', maxItems: 500, uniqueItems: true, items: uuid, description: 'Staff who perform it' },
  is_active: { type: 'boolean' },
} as const;

export const createServiceBody = {
  $id: 'CreateServiceBody',
  title: 'CreateServiceBody',
  type: 'object',
  properties: {
    ...serviceFields,
    buffer_before_minutes: { ...serviceFields.buffer_before_minutes, default: 0 },
    buffer_after_minutes: { ...serviceFields.buffer_after_minutes, default: 0 },
    currency: { ...currency, description: "ISO 4217 code; omitted means the business's currency" },
    capacity: { ...serviceFields.capacity, default: 1 },
    prepayment: { ...serviceFields.prepayment, default: 'none' },
    deposit_amount: { ...amount, default: 0 },
    is_active: { type: 'boolean', description: 'Omitted means active' },
  },
  required: ['name_ja', 'name_en', 'category', 'duration_minutes', 'price_amount'],
  additionalProperties: false,
} as const;

export interface CreateServiceBody {
  name_ja: string;
  name_en: string;
  description_ja?: string;
  description_en?: string;
  category: Category;
  duration_minutes: number;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  price_amount: number;
  currency?: string;
  capacity: number;
  prepayment: (typeof PREPAYMENT)[number];
  deposit_amount: number;
  resource_kinds?: string[];
  staff_ids?: string[];
  is_active?: boolean;
}

export const updateServiceBody = {
  $id: 'UpdateServiceBody',
  title: 'UpdateServiceBody',
  description: 'Only the fields sent change; resource_kinds and staff_ids are replaced whole',
  type: 'object',
  properties: serviceFields,
  minProperties: 1,
  additionalProperties: false,
} as const;

export type UpdateServiceBody = Partial<Omit<CreateServiceBody, 'currency'>>;

export const serviceResponse = {
  $id: 'Service',
  title: 'Service',
  type: 'object',
  properties: {
    id: uuid,
    business_id: uuid,
    name: { type: 'string', description: 'name_ja or name_en, as Accept-Language asks (ja by default)' },
    name_ja: { type: 'string' },
    name_en: { type: 'string' },
    description: { type: 'string', description: 'In the Accept-Language language' },
    description_ja: { type: 'string' },
    description_en: { type: 'string' },
    category: { type: 'string' },
    duration_minutes: { type: 'integer' },
    buffer_before_minutes: { type: 'integer' },
    buffer_after_minutes: { type: 'integer' },
    price_amount: { type: 'integer' },
    currency: { type: 'string' },
    capacity: { type: 'integer' },
    prepayment: { type: 'string', enum: PREPAYMENT },
    deposit_amount: { type: 'integer' },
    resource_kinds: { type: 'array', items: { type: 'string' } },
    staff_ids: { type: 'array', items: uuid },
    is_active: { type: 'boolean' },
    created_at: dateTime,
    updated_at: dateTime,
  },
  required: ['id', 'business_id', 'name', 'name_ja', 'name_en', 'category', 'duration_minutes', 'price_amount', 'currency'],
  additionalProperties: false,
} as const;

export interface ServiceJson {
  id: string;
  business_id: string;
  name: string;
  name_ja: string;
  name_en: string;
  description: string;
  description_ja: string;
  description_en: string;
  category: string;
  duration_minutes: number;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  price_amount: number;
  currency: string;
  capacity: number;
  prepayment: string;
  deposit_amount: number;
  resource_kinds: string[];
  staff_ids: string[];
  is_active: boolean;
  created_at: string;
  updated_at: string;
}

export const serviceParams = {
  $id: 'ServiceParams',
  title: 'ServiceParams',
  type: 'object',
  properties: { businessId: uuid, serviceId: uuid },
  required: ['businessId', 'serviceId'],
  additionalProperties: false,
} as const;
export interface ServiceParams {
  businessId: string;
  serviceId: string;
}

export const listServicesQuery = listQuerySchema('ListServicesQuery', {
  category,
  is_active: { type: 'boolean', description: "Members only; the public sees active services" },
});

export interface ListServicesQuery {
  category?: Category;
  is_active?: boolean;
  limit?: number;
  cursor?: string;
  fields?: string;
}

export const createServiceSchema = {
  params: businessParams,
  querystring: noQuery,
  body: createServiceBody,
  response: withProblems({ 201: serviceResponse }),
};
export const getServiceSchema = {
  params: serviceParams,
  querystring: noQuery,
  response: withProblems({ 200: serviceResponse }),
};
export const listServicesSchema = {
  params: businessParams,
  querystring: listServicesQuery,
  response: withProblems({ 200: pageSchema('ServicePage', serviceResponse) }),
};
export const updateServiceSchema = {
  params: serviceParams,
  querystring: noQuery,
  body: updateServiceBody,
  response: withProblems({ 200: serviceResponse }),
};
export const deleteServiceSchema = {
  params: serviceParams,
  querystring: noQuery,
  response: withProblems({ 204: { type: 'null', description: 'Deleted' } }),
};
