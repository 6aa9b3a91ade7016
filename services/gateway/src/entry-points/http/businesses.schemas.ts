import { businessParams, category, currency, dateTime, text, uuid, noQuery, withProblems, type Category } from './common.schemas';
import { listQuerySchema, pageSchema } from './pagination';

const minutes = (max: number) => ({ type: 'integer', minimum: 0, maximum: max }) as const;
const optionalText = (maxLength: number) => ({ type: 'string', maxLength }) as const;
const SLUG_PATTERN = '^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$';
const UUID_PATTERN = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

export const bookingPolicySchema = {
  title: 'BookingPolicy',
  description: 'Omitted fields take the platform defaults (on create) or keep their value (on update)',
  type: 'object',
  properties: {
    min_notice_minutes: minutes(525_600),
    booking_horizon_days: { type: 'integer', minimum: 1, maximum: 730 },
    slot_interval_minutes: { type: 'integer', minimum: 1, maximum: 1_440 },
    cancel_cutoff_hours: minutes(8_760),
    reschedule_cutoff_hours: minutes(8_760),
    cancellation_fee_percent: { type: 'integer', minimum: 0, maximum: 100, description: 'Charged on a cancellation after the cut-off' },
    refund_percent: { type: 'integer', minimum: 0, maximum: 100, description: 'Share of a prepayment refunded on a cancellation before the cut-off' },
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
  refund_percent?: number;
  requires_approval?: boolean;
}

export const settingsSchema = {
  title: 'BusinessSettings',
  type: 'object',
  properties: {
    default_locale: { type: 'string', enum: ['ja', 'en'] },
    contact_email: { anyOf: [{ type: 'string', format: 'email', maxLength: 254 }, { type: 'string', maxLength: 0 }] },
    contact_phone: optionalText(40),
    website_url: { anyOf: [{ type: 'string', pattern: '^https?://\\S+$', maxLength: 500 }, { type: 'string', maxLength: 0 }] },
    legal_notice_ja: { type: 'string', maxLength: 10_000, description: '特定商取引法に基づく表記' },
    legal_notice_en: { type: 'string', maxLength: 10_000 },
  },
  additionalProperties: false,
} as const;

export interface SettingsJson {
  default_locale?: string;
  contact_email?: string;
  contact_phone?: string;
  website_url?: string;
  legal_notice_ja?: string;
  legal_notice_en?: string;
}

export const addressSchema = {
  title: 'Address',
  type: 'object',
  properties: {
    country: optionalText(2),
    postal_code: optionalText(20),
    prefecture: optionalText(200),
    city: optionalText(200),
    line1: optionalText(200),
    line2: optionalText(200),
  },
  additionalProperties: false,
} as const;

export interface AddressJson {
  country?: string;
  postal_code?: string;
  prefecture?: string;
  city?: string;
  line1?: string;
  line2?: string;
}

const slug = { type: 'string', minLength: 3, maxLength: 63, pattern: SLUG_PATTERN, description: 'URL-safe: lower-case letters, digits and inner hyphens' } as const;
const timezone = { type: 'string', format: 'iana-time-zone', maxLength: 64 } as const;

const businessFields = {
  display_name_ja: text(200),
  display_name_en: text(200),
  description_ja: optionalText(5_000),
  description_en: optionalText(5_000),
  category,
  timezone,
  policy: bookingPolicySchema,
  settings: settingsSchema,
  address: addressSchema,
} as const;

export const createBusinessBody = {
  $id: 'CreateBusinessBody',
  title: 'CreateBusinessBody',
  type: 'object',
  properties: { slug, ...businessFields, currency: { ...currency, default: 'JPY' } },
  required: ['slug', 'display_name_ja', 'display_name_en', 'category', 'timezone'],
  additionalProperties: false,
} as const;

export interface CreateBusinessBody {
  slug: string;
  display_name_ja: string;
  display_name_en: string;
  description_ja?: string;
  description_en?: string;
  category: Category;
  timezone: string;
  currency: string;
  policy?: BookingPolicyJson;
  settings?: SettingsJson;
  address?: AddressJson;
}

export const updateBusinessBody = {
  $id: 'UpdateBusinessBody',
  title: 'UpdateBusinessBody',
  description: 'Only the fields sent change; policy and settings merge field by field, address is replaced',
  type: 'object',
  properties: { slug, ...businessFields, currency },
  minProperties: 1,
  additionalProperties: false,
} as const;

export type UpdateBusinessBody = Partial<CreateBusinessBody>;

export const businessResponse = {
  $id: 'Business',
  title: 'Business',
  type: 'object',
  properties: {
    id: uuid,
    slug: { type: 'string' },
    display_name: { type: 'string', description: 'display_name_ja or display_name_en, as Accept-Language asks (ja by default)' },
    display_name_ja: { type: 'string' },
    display_name_en: { type: 'string' },
    description: { type: 'string', description: 'In the Accept-Language language' },
    description_ja: { type: 'string' },
    description_en: { type: 'string' },
    category: { type: 'string' },
    timezone: { type: 'string' },
    currency: { type: 'string' },
    policy: bookingPolicySchema,
    settings: settingsSchema,
    address: addressSchema,
    created_at: dateTime,
    updated_at: dateTime,
  },
  required: ['id', 'slug', 'display_name', 'display_name_ja', 'display_name_en', 'category', 'timezone', 'currency', 'policy'],
  additionalProperties: false,
} as const;

export interface BusinessJson {
  id: string;
  slug: string;
  display_name: string;
  display_name_ja: string;
  display_name_en: string;
  description: string;
  description_ja: string;
  description_en: string;
  category: string;
  timezone: string;
  currency: string;
  policy: BookingPolicyJson;
  settings: SettingsJson;
  address: AddressJson;
  created_at: string;
  updated_at: string;
}

/** GET accepts the id or the slug, so a booking page can live at /{slug}. */
export const businessIdOrSlugParams = {
  $id: 'BusinessIdOrSlugParams',
  title: 'BusinessIdOrSlugParams',
  type: 'object',
  properties: { businessId: { type: 'string', maxLength: 63, pattern: `^(?:${UUID_PATTERN}|[a-z0-9][a-z0-9-]{1,61}[a-z0-9])$`, description: 'Business id or slug' } },
  required: ['businessId'],
  additionalProperties: false,
} as const;

export const listBusinessesQuery = listQuerySchema('ListBusinessesQuery', {
  q: { type: 'string', minLength: 1, maxLength: 100, description: 'Part of the Japanese or English name' },
  category,
});

export interface ListBusinessesQuery {
  q?: string;
  category?: Category;
  limit?: number;
  cursor?: string;
  fields?: string;
}

export const createBusinessSchema = {
  querystring: noQuery,
  body: createBusinessBody,
  response: withProblems({ 201: businessResponse }),
};
export const getBusinessSchema = {
  params: businessIdOrSlugParams,
  querystring: noQuery,
  response: withProblems({ 200: businessResponse }),
};
export const listBusinessesSchema = {
  querystring: listBusinessesQuery,
  response: withProblems({ 200: pageSchema('BusinessPage', businessResponse) }),
};
export const updateBusinessSchema = {
  params: businessParams,
  querystring: noQuery,
  body: updateBusinessBody,
  response: withProblems({ 200: businessResponse }),
};
export const deleteBusinessSchema = {
  params: businessParams,
  querystring: noQuery,
  response: withProblems({ 204: { type: 'null', description: 'Deleted' } }),
};
