import type { catalogV1 } from '@omotenashi/proto';
import { localized, type Locale } from './locale';
import type { AddressJson, BookingPolicyJson, BusinessJson, CreateBusinessBody, SettingsJson, UpdateBusinessBody } from './businesses.schemas';

export function toCreateBusinessRequest(body: CreateBusinessBody): catalogV1.CreateBusinessRequest {
  return {
    slug: body.slug,
    displayNameJa: body.display_name_ja,
    displayNameEn: body.display_name_en,
    descriptionJa: body.description_ja ?? '',
    descriptionEn: body.description_en ?? '',
    category: body.category,
    timezone: body.timezone,
    currency: body.currency,
    policy: body.policy ? toPolicy(body.policy) : undefined,
    settings: body.settings ? toSettings(body.settings) : undefined,
    address: body.address ? toAddress(body.address) : undefined,
    // Set by the route from the authenticated user.
    ownerUserId: '',
  };
}

export function toUpdateBusinessRequest(businessId: string, body: UpdateBusinessBody): catalogV1.UpdateBusinessRequest {
  return {
    businessId,
    slug: body.slug,
    displayNameJa: body.display_name_ja,
    displayNameEn: body.display_name_en,
    descriptionJa: body.description_ja,
    descriptionEn: body.description_en,
    category: body.category,
    timezone: body.timezone,
    currency: body.currency,
    policy: body.policy ? toPolicy(body.policy) : undefined,
    settings: body.settings ? toSettings(body.settings) : undefined,
    address: body.address ? toAddress(body.address) : undefined,
  };
}

function toPolicy(policy: BookingPolicyJson): catalogV1.BookingPolicy {
  return {
    minNoticeMinutes: policy.min_notice_minutes,
    bookingHorizonDays: policy.booking_horizon_days,
    slotIntervalMinutes: policy.slot_interval_minutes,
    cancelCutoffHours: policy.cancel_cutoff_hours,
    rescheduleCutoffHours: policy.reschedule_cutoff_hours,
    cancellationFeePercent: policy.cancellation_fee_percent,
    refundPercent: policy.refund_percent,
    requiresApproval: policy.requires_approval,
  };
}

function toSettings(settings: SettingsJson): catalogV1.BusinessSettings {
  return {
    defaultLocale: settings.default_locale,
    contactEmail: settings.contact_email,
    contactPhone: settings.contact_phone,
    websiteUrl: settings.website_url,
    legalNoticeJa: settings.legal_notice_ja,
    legalNoticeEn: settings.legal_notice_en,
  };
}

function toAddress(address: AddressJson): catalogV1.Address {
  return {
    country: address.country ?? '',
    postalCode: address.postal_code ?? '',
    prefecture: address.prefecture ?? '',
    city: address.city ?? '',
    line1: address.line1 ?? '',
    line2: address.line2 ?? '',
  };
}

export function toBusinessResponse(business: catalogV1.Business, locale: Locale): BusinessJson {
  const policy = business.policy ?? {};
  const settings = business.settings ?? {};
  const address = business.address;
  return {
    id: business.id,
    slug: business.slug,
    display_name: localized(locale, business.displayNameJa, business.displayNameEn),
    display_name_ja: business.displayNameJa,
    display_name_en: business.displayNameEn,
    description: localized(locale, business.descriptionJa, business.descriptionEn),
    description_ja: business.descriptionJa ?? '',
    description_en: business.descriptionEn ?? '',
    category: business.category,
    timezone: business.timezone,
    currency: business.currency,
    policy: {
      min_notice_minutes: policy.minNoticeMinutes,
      booking_horizon_days: policy.bookingHorizonDays,
      slot_interval_minutes: policy.slotIntervalMinutes,
      cancel_cutoff_hours: policy.cancelCutoffHours,
      reschedule_cutoff_hours: policy.rescheduleCutoffHours,
      cancellation_fee_percent: policy.cancellationFeePercent,
      refund_percent: policy.refundPercent,
      requires_approval: policy.requiresApproval,
    },
    settings: {
      default_locale: settings.defaultLocale ?? 'ja',
      contact_email: settings.contactEmail ?? '',
      contact_phone: settings.contactPhone ?? '',
      website_url: settings.websiteUrl ?? '',
      legal_notice_ja: settings.legalNoticeJa ?? '',
      legal_notice_en: settings.legalNoticeEn ?? '',
    },
    address: {
      country: address?.country ?? '',
      postal_code: address?.postalCode ?? '',
      prefecture: address?.prefecture ?? '',
      city: address?.city ?? '',
      line1: address?.line1 ?? '',
      line2: address?.line2 ?? '',
    },
    created_at: business.createdAt,
    updated_at: business.updatedAt,
  };
}
