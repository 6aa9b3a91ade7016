/**
 * The business's policy and the price as agreed when the booking was made (DESIGN §3.5): a later change
 * of policy or price in the catalog never rewrites what a customer accepted.
 */
export type Prepayment = 'none' | 'deposit' | 'full';

export interface PolicySnapshot {
  cancelCutoffHours: number;
  rescheduleCutoffHours: number;
  /** Charged on a guest's cancellation after the cut-off, as a percentage of the price. */
  cancellationFeePercent: number;
  /** Share of a prepayment refunded on a guest's cancellation (catalog `refund_percent`, 100 by default). */
  refundPercent: number;
  requiresApproval: boolean;
  prepayment: Prepayment;
  depositAmount: number;
  priceAmount: number;
  currency: string;
  timezone: string;
}

/** The catalog's defaults, for snapshots that predate a field. */
const DEFAULTS = {
  cancelCutoffHours: 24,
  rescheduleCutoffHours: 24,
  cancellationFeePercent: 0,
  refundPercent: 100,
  requiresApproval: false,
  prepayment: 'none' as Prepayment,
  depositAmount: 0,
};

/** What create-booking knows about the policy (catalog fields may be absent: the default applies). */
export interface PolicyInput {
  cancelCutoffHours?: number;
  rescheduleCutoffHours?: number;
  cancellationFeePercent?: number;
  refundPercent?: number;
  requiresApproval?: boolean;
}

export function snapshotPolicy(
  policy: PolicyInput,
  terms: { prepayment: string; depositAmount: number; priceAmount: number; currency: string; timezone: string },
): PolicySnapshot {
  return readPolicySnapshot({ ...policy, ...terms }, terms);
}

const PREPAYMENTS: Prepayment[] = ['none', 'deposit', 'full'];

function wholeNumber(value: unknown, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? Math.min(value, max) : fallback;
}

/** A stored snapshot (jsonb), whatever its age: fields it lacks take the defaults, the price the booking's. */
export function readPolicySnapshot(raw: unknown, booking: { priceAmount: number; currency: string; timezone?: string }): PolicySnapshot {
  const value = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  return {
    cancelCutoffHours: wholeNumber(value.cancelCutoffHours, DEFAULTS.cancelCutoffHours),
    rescheduleCutoffHours: wholeNumber(value.rescheduleCutoffHours, DEFAULTS.rescheduleCutoffHours),
    cancellationFeePercent: wholeNumber(value.cancellationFeePercent, DEFAULTS.cancellationFeePercent, 100),
    refundPercent: wholeNumber(value.refundPercent, DEFAULTS.refundPercent, 100),
    requiresApproval: typeof value.requiresApproval === 'boolean' ? value.requiresApproval : DEFAULTS.requiresApproval,
    prepayment: PREPAYMENTS.includes(value.prepayment as Prepayment) ? (value.prepayment as Prepayment) : DEFAULTS.prepayment,
    depositAmount: wholeNumber(value.depositAmount, DEFAULTS.depositAmount),
    priceAmount: wholeNumber(value.priceAmount, booking.priceAmount),
    currency: typeof value.currency === 'string' && value.currency ? value.currency : booking.currency,
    timezone: typeof value.timezone === 'string' && value.timezone ? value.timezone : (booking.timezone ?? 'Asia/Tokyo'),
  };
}
