import { FieldCheck, rules } from './catalog-rules';

export interface BookingPolicy {
  minNoticeMinutes: number;
  bookingHorizonDays: number;
  slotIntervalMinutes: number;
  cancelCutoffHours: number;
  rescheduleCutoffHours: number;
  cancellationFeePercent: number;
  requiresApproval: boolean;
}

export const DEFAULT_POLICY: BookingPolicy = {
  minNoticeMinutes: 60,
  bookingHorizonDays: 90,
  slotIntervalMinutes: 30,
  cancelCutoffHours: 24,
  rescheduleCutoffHours: 24,
  cancellationFeePercent: 0,
  requiresApproval: false,
};

export interface NewBusiness {
  slug: string;
  displayNameJa: string;
  displayNameEn: string;
  category: string;
  timezone: string;
  currency: string;
  policy: BookingPolicy;
  ownerUserId?: string;
}

export interface Business extends NewBusiness {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Fills defaults (Tokyo, yen, the default policy) and checks every field. */
export function normalizeNewBusiness(input: Omit<Partial<NewBusiness>, 'policy'> & { policy?: Partial<BookingPolicy> }): NewBusiness {
  const business: NewBusiness = {
    slug: (input.slug ?? '').trim().toLowerCase(),
    displayNameJa: (input.displayNameJa ?? '').trim(),
    displayNameEn: (input.displayNameEn ?? '').trim(),
    category: input.category || 'other',
    timezone: input.timezone || 'Asia/Tokyo',
    currency: (input.currency || 'JPY').toUpperCase(),
    policy: { ...DEFAULT_POLICY, ...definedOnly(input.policy) },
    ownerUserId: input.ownerUserId || undefined,
  };
  const p = business.policy;
  new FieldCheck()
    .require(rules.slug(business.slug), '/slug', 'must be 3–63 lower-case letters, digits or hyphens')
    .require(business.displayNameJa.length > 0 || business.displayNameEn.length > 0, '/display_name_ja', 'a Japanese or English name is required')
    .require(business.displayNameJa.length <= 200, '/display_name_ja', 'must be at most 200 characters')
    .require(business.displayNameEn.length <= 200, '/display_name_en', 'must be at most 200 characters')
    .require(rules.category(business.category), '/category', 'is not a known category')
    .require(rules.timezone(business.timezone), '/timezone', 'must be an IANA time zone such as Asia/Tokyo')
    .require(rules.currency(business.currency), '/currency', 'must be an ISO 4217 currency code such as JPY')
    .require(rules.nonNegativeInt(p.minNoticeMinutes), '/policy/min_notice_minutes', 'must be a non-negative integer')
    .require(rules.positiveInt(p.bookingHorizonDays) && p.bookingHorizonDays <= 730, '/policy/booking_horizon_days', 'must be 1–730')
    .require(rules.positiveInt(p.slotIntervalMinutes) && p.slotIntervalMinutes <= 1440, '/policy/slot_interval_minutes', 'must be 1–1440')
    .require(rules.nonNegativeInt(p.cancelCutoffHours), '/policy/cancel_cutoff_hours', 'must be a non-negative integer')
    .require(rules.nonNegativeInt(p.rescheduleCutoffHours), '/policy/reschedule_cutoff_hours', 'must be a non-negative integer')
    .require(rules.nonNegativeInt(p.cancellationFeePercent) && p.cancellationFeePercent <= 100, '/policy/cancellation_fee_percent', 'must be 0–100')
    .throwIfAny();
  return business;
}

/** Absent policy fields keep their default; 0 and false are real values. */
function definedOnly(policy: Partial<BookingPolicy> | undefined): Partial<BookingPolicy> {
  if (!policy) return {};
  return Object.fromEntries(Object.entries(policy).filter(([, v]) => v !== undefined)) as Partial<BookingPolicy>;
}
