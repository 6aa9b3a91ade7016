import { businessParams, category, currency, dateTime, text, uuid, noQuery, withProblems, type Category } from './common.schemas';

const minutes = (max: number) => ({ type: 'integer', minimum: 0, maximum: max }) as const;

export const bookingPolicySchema = {
  title: 'BookingPolicy',
  description: 'Omitted fields take the platform defaults',
  type: 'object',
  properties: {
    min_notice_minutes: minutes(525_600),
    booking_horizon_days: { type: 'integer', minimum: 1, maximum: 730 },
    slot_interval_minutes: { type: 'integer', minimum: 1, maximum: 1_440 },
    cancel_cutoff_hours: minutes(8_760),
    reschedule_cutoff_hours: minutes(8_760),
    cancellation_fee_percent: { type: 'integer', minimum: 0, maximum: 100 },
    requires_approval: { type: 'boolean' },
  },
  additionalProperties: false,
} as const;

export interface BookingPolicyJson {
  min_notice_minutes?: number;
  booking_horizon_days?: number;
  slot_interval_minutes?: number;
  cancel_cutoff_hours?: number;
  reschedule_cutoff_hours?: number;
  cancellation_fee_percent?: number;
  requires_approval?: boolean;
}

export const createBusinessBody = {
  $id: 'CreateBusinessBody',
  title: 'CreateBusinessBody',
  type: 'object',
  properties: {
    slug: {
      type: 'string',
      minLength: 3,
      maxLength: 63,
      pattern: '^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$',
      description: 'URL-safe: lower-case letters, digits and inner hyphens',
    },
    display_name_ja: text(200),
    display_name_en: text(200),
    category,
    timezone: { type: 'string', format: 'iana-time-zone', maxLength: 64 },
    currency: { ...currency, default: 'JPY' },
    policy: bookingPolicySchema,
  },
  required: ['slug', 'display_name_ja', 'display_name_en', 'category', 'timezone'],
  additionalProperties: false,
} as const;

export interface CreateBusinessBody {
  slug: string;
  display_name_ja: string;
  display_name_en: string;
  category: Category;
  timezone: string;
  currency: string;
  policy?: BookingPolicyJson;
}

export const businessResponse = {
  $id: 'Business',
  title: 'Business',
  type: 'object',
  properties: {
    id: uuid,
    slug: { type: 'string' },
    display_name_ja: { type: 'string' },
    display_name_en: { type: 'string' },
    category: { type: 'string' },
    timezone: { type: 'string' },
    currency: { type: 'string' },
    policy: bookingPolicySchema,
    created_at: dateTime,
    updated_at: dateTime,
  },
  required: ['id', 'slug', 'display_name_ja', 'display_name_en', 'category', 'timezone', 'currency', 'policy'],
  additionalProperties: false,
} as const;

export interface BusinessJson {
  id: string;
  slug: string;
  display_name_ja: string;
  display_name_en: string;
  category: string;
  timezone: string;
  currency: string;
  policy: BookingPolicyJson;
  created_at: string;
  updated_at: string;
}

export const createBusinessSchema = {
  querystring: noQuery,
  body: createBusinessBody,
  response: withProblems({ 201: businessResponse }),
};
export const getBusinessSchema = {
  params: businessParams,
  querystring: noQuery,
  response: withProblems({ 200: businessResponse }),
};
