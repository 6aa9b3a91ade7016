import type { catalogV1 } from '@omotenashi/proto';
import type { BookingPolicyJson, BusinessJson, CreateBusinessBody } from './businesses.schemas';

export function toCreateBusinessRequest(body: CreateBusinessBody): catalogV1.CreateBusinessRequest {
  return {
    slug: body.slug,
    displayNameJa: body.display_name_ja,
    displayNameEn: body.display_name_en,
    category: body.category,
    timezone: body.timezone,
    currency: body.currency,
    policy: body.policy ? toPolicy(body.policy) : undefined,
    // Set from the authenticated user once identity lands; until then businesses have no owner.
    ownerUserId: '',
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
    requiresApproval: policy.requires_approval,
  };
}

export function toBusinessResponse(business: catalogV1.Business): BusinessJson {
  const policy = business.policy ?? {};
  return {
    id: business.id,
    slug: business.slug,
    display_name_ja: business.displayNameJa,
    display_name_en: business.displayNameEn,
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
      requires_approval: policy.requiresApproval,
    },
    created_at: business.createdAt,
    updated_at: business.updatedAt,
  };
}
