import { amount, businessParams, category, currency, dateTime, text, uuid, noQuery, withProblems, type Category } from './common.schemas';

const PREPAYMENT = ['none', 'deposit', 'full'] as const;
const minutes = (min: number) => ({ type: 'integer', minimum: min, maximum: 1_440 }) as const;

export const createServiceBody = {
  $id: 'CreateServiceBody',
  title: 'CreateServiceBody',
  type: 'object',
  properties: {
    name_ja: text(200),
    name_en: text(200),
    category,
    duration_minutes: minutes(1),
    buffer_before_minutes: { ...minutes(0), default: 0 },
    buffer_after_minutes: { ...minutes(0), default: 0 },
    price_amount: amount,
    currency: { ...currency, description: "ISO 4217 code; omitted means the business's currency" },
    capacity: { type: 'integer', minimum: 1, maximum: 10_000, default: 1 },
    prepayment: { type: 'string', enum: PREPAYMENT, default: 'none' },
    deposit_amount: { ...amount, default: 0 },
    is_active: { type: 'boolean', description: 'Omitted means active' },
  },
  required: ['name_ja', 'name_en', 'category', 'duration_minutes', 'price_amount'],
  additionalProperties: false,
} as const;

export interface CreateServiceBody {
  name_ja: string;
  name_en: string;
  category: Category;
  duration_minutes: number;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  price_amount: number;
  currency?: string;
  capacity: number;
  prepayment: (typeof PREPAYMENT)[number];
  deposit_amount: number;
  is_active?: boolean;
}

export const serviceResponse = {
  $id: 'Service',
  title: 'Service',
  type: 'object',
  properties: {
    id: uuid,
    business_id: uuid,
    name_ja: { type: 'string' },
    name_en: { type: 'string' },
    category: { type: 'string' },
    duration_minutes: { type: 'integer' },
    buffer_before_minutes: { type: 'integer' },
    buffer_after_minutes: { type: 'integer' },
    price_amount: { type: 'integer' },
    currency: { type: 'string' },
    capacity: { type: 'integer' },
    prepayment: { type: 'string', enum: PREPAYMENT },
    deposit_amount: { type: 'integer' },
    is_active: { type: 'boolean' },
    created_at: dateTime,
    updated_at: dateTime,
  },
  required: ['id', 'business_id', 'name_ja', 'name_en', 'category', 'duration_minutes', 'price_amount', 'currency'],
  additionalProperties: false,
} as const;

export interface ServiceJson {
  id: string;
  business_id: string;
  name_ja: string;
  name_en: string;
  category: string;
  duration_minutes: number;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  price_amount: number;
  currency: string;
  capacity: number;
  prepayment: string;
  deposit_amount: number;
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
