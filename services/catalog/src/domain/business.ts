import { changedFields, definedOnly, FieldCheck, LOCALES, rules } from './catalog-rules';

export interface BookingPolicy {
  minNoticeMinutes: number;
  bookingHorizonDays: number;
  slotIntervalMinutes: number;
  cancelCutoffHours: number;
  rescheduleCutoffHours: number;
  /** Charged on a cancellation after the cut-off, as a percentage of the price. */
  cancellationFeePercent: number;
  /** Share of a prepayment refunded on a cancellation before the cut-off. */
  refundPercent: number;
  requiresApproval: boolean;
}

export const DEFAULT_POLICY: BookingPolicy = {
  minNoticeMinutes: 60,
  bookingHorizonDays: 90,
  slotIntervalMinutes: 30,
  cancelCutoffHours: 24,
  rescheduleCutoffHours: 24,
  cancellationFeePercent: 0,
  refundPercent: 100,
  requiresApproval: false,
};

export interface BusinessSettings {
  defaultLocale: string;
  contactEmail: string;
  contactPhone: string;
  websiteUrl: string;
  /** 特定商取引法に基づく表記, shown on booking pages. */
  legalNoticeJa: string;
  legalNoticeEn: string;
}

export const DEFAULT_SETTINGS: BusinessSettings = {
  defaultLocale: 'ja',
  contactEmail: '',
  contactPhone: '',
  websiteUrl: '',
  legalNoticeJa: '',
  legalNoticeEn: '',
};

export interface Address {
  country: string;
  postalCode: string;
  prefecture: string;
  city: string;
  line1: string;
  line2: string;
}

export const EMPTY_ADDRESS: Address = { country: '', postalCode: '', prefecture: '', city: '', line1: '', line2: '' };

export interface NewBusiness {
  slug: string;
  displayNameJa: string;
  displayNameEn: string;
  descriptionJa: string;
  descriptionEn: string;
  category: string;
  timezone: string;
  currency: string;
  policy: BookingPolicy;
  settings: BusinessSettings;
  address: Address;
  ownerUserId?: string;
}

export interface Business extends NewBusiness {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What callers send: every part optional, nested parts merged field by field. */
export type BusinessInput = Partial<Omit<NewBusiness, 'policy' | 'settings' | 'address'>> & {
  policy?: Partial<BookingPolicy>;
  settings?: Partial<BusinessSettings>;
  address?: Partial<Address>;
};

const PROFILE_FIELDS = ['slug', 'displayNameJa', 'displayNameEn', 'descriptionJa', 'descriptionEn', 'category', 'timezone', 'currency', 'address'];

/** Fills defaults (Tokyo, yen, the default policy) and checks every field. */
export function normalizeNewBusiness(input: BusinessInput): NewBusiness {
  return checkBusiness(
    tidy({
      slug: input.slug ?? '',
      displayNameJa: input.displayNameJa ?? '',
      displayNameEn: input.displayNameEn ?? '',
      descriptionJa: input.descriptionJa ?? '',
      descriptionEn: input.descriptionEn ?? '',
      category: input.category || 'other',
      timezone: input.timezone || 'Asia/Tokyo',
      currency: input.currency || 'JPY',
      policy: { ...DEFAULT_POLICY, ...definedOnly(input.policy) },
      settings: { ...DEFAULT_SETTINGS, ...definedOnly(input.settings) },
      address: { ...EMPTY_ADDRESS, ...definedOnly(input.address) },
      ownerUserId: input.ownerUserId || undefined,
    }),
  );
}

/** A PATCH: absent fields keep their value; the result is checked as a whole. */
export function applyBusinessPatch(current: Business, patch: BusinessInput): { business: NewBusiness; changed: string[] } {
  const merged = tidy({
    ...current,
    ...definedOnly<NewBusiness>({ ...patch, policy: undefined, settings: undefined, address: undefined }),
    policy: { ...current.policy, ...definedOnly(patch.policy) },
    settings: { ...current.settings, ...definedOnly(patch.settings) },
    address: patch.address ? { ...EMPTY_ADDRESS, ...definedOnly(patch.address) } : current.address,
  });
  const business = checkBusiness(merged);
  const changed = [
    ...changedFields(current, business, PROFILE_FIELDS),
    ...changedFields(current.policy, business.policy, Object.keys(DEFAULT_POLICY), 'policy.'),
    ...changedFields(current.settings, business.settings, Object.keys(DEFAULT_SETTINGS), 'settings.'),
  ];
  return { business, changed };
}

function tidy(business: NewBusiness): NewBusiness {
  const trim = (value: string) => value.trim();
  return {
    ...business,
    slug: business.slug.trim().toLowerCase(),
    displayNameJa: trim(business.displayNameJa),
    displayNameEn: trim(business.displayNameEn),
    descriptionJa: trim(business.descriptionJa),
    descriptionEn: trim(business.descriptionEn),
    currency: business.currency.toUpperCase(),
    settings: { ...business.settings, contactEmail: trim(business.settings.contactEmail), websiteUrl: trim(business.settings.websiteUrl) },
    address: Object.fromEntries(Object.entries(business.address).map(([k, v]) => [k, trim(String(v ?? ''))])) as unknown as Address,
  };
}

function checkBusiness(business: NewBusiness): NewBusiness {
  const p = business.policy;
  const s = business.settings;
  const check = new FieldCheck()
    .require(rules.slug(business.slug), '/slug', 'must be 3–63 lower-case letters, digits or hyphens')
    .require(business.displayNameJa.length > 0 || business.displayNameEn.length > 0, '/display_name_ja', 'a Japanese or English name is required')
    .require(rules.maxLength(business.displayNameJa, 200), '/display_name_ja', 'must be at most 200 characters')
    .require(rules.maxLength(business.displayNameEn, 200), '/display_name_en', 'must be at most 200 characters')
    .require(rules.maxLength(business.descriptionJa, 5000), '/description_ja', 'must be at most 5000 characters')
    .require(rules.maxLength(business.descriptionEn, 5000), '/description_en', 'must be at most 5000 characters')
    .require(rules.category(business.category), '/category', 'is not a known category')
    .require(rules.timezone(business.timezone), '/timezone', 'must be an IANA time zone such as Asia/Tokyo')
    .require(rules.currency(business.currency), '/currency', 'must be an ISO 4217 currency code such as JPY')
    .require(rules.nonNegativeInt(p.minNoticeMinutes) && p.minNoticeMinutes <= 525_600, '/policy/min_notice_minutes', 'must be 0–525600')
    .require(rules.positiveInt(p.bookingHorizonDays) && p.bookingHorizonDays <= 730, '/policy/booking_horizon_days', 'must be 1–730')
    .require(rules.positiveInt(p.slotIntervalMinutes) && p.slotIntervalMinutes <= 1440, '/policy/slot_interval_minutes', 'must be 1–1440')
    .require(rules.nonNegativeInt(p.cancelCutoffHours) && p.cancelCutoffHours <= 8760, '/policy/cancel_cutoff_hours', 'must be 0–8760')
    .require(rules.nonNegativeInt(p.rescheduleCutoffHours) && p.rescheduleCutoffHours <= 8760, '/policy/reschedule_cutoff_hours', 'must be 0–8760')
    .require(rules.nonNegativeInt(p.cancellationFeePercent) && p.cancellationFeePercent <= 100, '/policy/cancellation_fee_percent', 'must be 0–100')
    .require(rules.nonNegativeInt(p.refundPercent) && p.refundPercent <= 100, '/policy/refund_percent', 'must be 0–100')
    .require(rules.oneOf(LOCALES, s.defaultLocale), '/settings/default_locale', 'must be ja or en')
    .require(s.contactEmail === '' || rules.email(s.contactEmail), '/settings/contact_email', 'must be an email address')
    .require(rules.maxLength(s.contactPhone, 40), '/settings/contact_phone', 'must be at most 40 characters')
    .require(s.websiteUrl === '' || /^https?:\/\/\S+$/.test(s.websiteUrl), '/settings/website_url', 'must be an http(s) URL')
    .require(rules.maxLength(s.websiteUrl, 500), '/settings/website_url', 'must be at most 500 characters')
    .require(rules.maxLength(s.legalNoticeJa, 10_000), '/settings/legal_notice_ja', 'must be at most 10000 characters')
    .require(rules.maxLength(s.legalNoticeEn, 10_000), '/settings/legal_notice_en', 'must be at most 10000 characters');
  for (const [key, value] of Object.entries(business.address)) {
    check.require(rules.maxLength(String(value), 200), `/address/${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`, 'must be at most 200 characters');
  }
  check.throwIfAny();
  return business;
}
