import { requireUuid } from '@omotenashi/grpc';
import type { bookingV1 } from '@omotenashi/proto';
import { checkActor } from '../../domain/actor';
import { formatRfc3339, offsetAt } from '../../domain/availability/zoned-time';
import type { Booking } from '../../domain/booking';
import type { LifecycleRequest } from '../../domain/use-cases/lifecycle.use-case';

/**
 * A booking's times as the business's clock shows them (`2026-12-01T10:00:00+09:00`), like availability's
 * slots, so an app never converts from UTC; UTC (`Z`) only for a snapshot from before the zone was kept.
 */
export function inBusinessZone(instant: Date, timezone: string): string {
  if (!timezone) return instant.toISOString();
  const at = instant.getTime();
  return formatRfc3339(at, offsetAt(at, timezone));
}

/** The response allow-list: never the manage token's hash, nor anything else not named here. */
export function bookingToResponse(booking: Booking): bookingV1.Booking {
  const { policy, cancellation } = booking;
  return {
    id: booking.id,
    businessId: booking.businessId,
    serviceId: booking.serviceId,
    customerId: booking.customerId,
    status: booking.status,
    startsAt: inBusinessZone(booking.startsAt, policy.timezone),
    endsAt: inBusinessZone(booking.endsAt, policy.timezone),
    bookingDate: booking.bookingDate,
    staffId: booking.staffId ?? '',
    resourceIds: booking.resourceIds,
    priceAmount: booking.priceAmount,
    currency: booking.currency,
    holdExpiresAt: booking.holdExpiresAt ? inBusinessZone(booking.holdExpiresAt, policy.timezone) : '',
    partySize: booking.partySize,
    notes: booking.notes,
    createdAt: booking.createdAt.toISOString(),
    updatedAt: booking.updatedAt.toISOString(),
    policy: {
      cancelCutoffHours: policy.cancelCutoffHours,
      rescheduleCutoffHours: policy.rescheduleCutoffHours,
      cancellationFeePercent: policy.cancellationFeePercent,
      refundPercent: policy.refundPercent,
      prepayment: policy.prepayment,
      depositAmount: policy.depositAmount,
    },
    cancellation: cancellation
      ? {
          cancelledAt: cancellation.cancelledAt.toISOString(),
          cancelledBy: cancellation.cancelledBy,
          reason: cancellation.reason,
          feeAmount: cancellation.feeAmount,
          refundAmount: cancellation.refundAmount,
        }
      : undefined,
    rescheduleCount: booking.rescheduleCount,
  };
}

/** The part every lifecycle request shares: ids checked, actor checked. */
export function lifecycleRequest(request: { businessId: string; bookingId: string; actor: bookingV1.Actor | undefined }): LifecycleRequest {
  return {
    businessId: requireUuid(request.businessId, '/business_id'),
    bookingId: requireUuid(request.bookingId, '/booking_id'),
    actor: checkActor(request.actor),
  };
}
