import type { ActorKind, BookingStatus } from './booking';
import type { PolicySnapshot } from './booking-policy';

const HOUR = 3_600_000;

/** What a cancellation costs and gives back, in minor units of `currency` (JPY has none). */
export interface CancellationTerms {
  feeAmount: number;
  refundAmount: number;
  currency: string;
  /** True when a guest cancels after the cut-off. */
  late: boolean;
}

/** `floor(amount × percent / 100)` in exact integer arithmetic (no float rounding, whatever the amount). */
export function percentOf(amount: number, percent: number): number {
  return Number((BigInt(amount) * BigInt(percent)) / 100n);
}

/** The fee on a late cancellation: a share of the agreed price, never negative, never above it. */
export function cancellationFee(priceAmount: number, feePercent: number): number {
  return percentOf(priceAmount, Math.min(Math.max(feePercent, 0), 100));
}

/** What the customer has paid ahead: only a confirmed booking of a prepaid service has been paid. */
export function prepaidAmount(policy: PolicySnapshot, status: BookingStatus): number {
  if (status !== 'confirmed') return 0;
  if (policy.prepayment === 'full') return policy.priceAmount;
  if (policy.prepayment === 'deposit') return Math.min(policy.depositAmount, policy.priceAmount);
  return 0;
}

/** The cut-off instant: `hours` before the start. */
export function cutoffOf(startsAt: Date, hours: number): Date {
  return new Date(startsAt.getTime() - hours * HOUR);
}

/**
 * The terms of a cancellation under the snapshotted policy:
 * - the business (or the platform) cancels without a fee and refunds everything paid;
 * - a guest cancelling a confirmed booking after the cut-off owes `floor(price × fee% / 100)`; before it,
 *   nothing. A held (unpaid) or pending booking was never accepted, so it costs nothing to drop;
 * - a guest's refund is the refund share of what was paid, less the fee, never below zero.
 */
export function cancellationTerms(
  booking: { status: BookingStatus; startsAt: Date; policy: PolicySnapshot },
  actor: ActorKind,
  now: Date,
): CancellationTerms {
  const { policy } = booking;
  const paid = prepaidAmount(policy, booking.status);
  const currency = policy.currency;
  if (actor !== 'guest') return { feeAmount: 0, refundAmount: paid, currency, late: false };
  const late = now.getTime() > cutoffOf(booking.startsAt, policy.cancelCutoffHours).getTime();
  const feeAmount = late && booking.status === 'confirmed' ? cancellationFee(policy.priceAmount, policy.cancellationFeePercent) : 0;
  const refundAmount = Math.max(0, Math.min(percentOf(paid, policy.refundPercent), paid - feeAmount));
  return { feeAmount, refundAmount, currency, late };
}
