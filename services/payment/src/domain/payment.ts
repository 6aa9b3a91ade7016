/** A booking's payment as the payment service records it. Amounts are integers in minor units of `currency`. */

export type PaymentStatus =
  | 'requires_payment_method'
  | 'requires_action'
  | 'authorized'
  | 'succeeded'
  | 'failed'
  | 'canceled'
  | 'partially_refunded'
  | 'refunded';

export type PaymentKind = 'deposit' | 'full';

export type RefundReason = 'requested_by_business' | 'booking_cancelled' | 'booking_expired' | 'late_payment' | 'duplicate_payment';

export type RefundStatus = 'pending' | 'succeeded' | 'failed';

export interface Refund {
  id: string;
  businessId: string;
  paymentId: string;
  amount: number;
  currency: string;
  status: RefundStatus;
  reason: RefundReason;
  providerRefundId: string | null;
  createdAt: Date;
  succeededAt: Date | null;
  failedAt: Date | null;
}

export interface Payment {
  id: string;
  businessId: string;
  bookingId: string;
  provider: string;
  providerPaymentId: string | null;
  kind: PaymentKind;
  amount: number;
  currency: string;
  status: PaymentStatus;
  amountRefunded: number;
  clientSecret: string | null;
  nextActionUrl: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  attempt: number;
  createdAt: Date;
  updatedAt: Date;
  authorizedAt: Date | null;
  succeededAt: Date | null;
  failedAt: Date | null;
  canceledAt: Date | null;
  refundedAt: Date | null;
}

/** Waiting for the payer or for capture: nothing is charged yet. */
export const OPEN_STATUSES: readonly PaymentStatus[] = ['requires_payment_method', 'requires_action', 'authorized'];
/** The money was captured (some may have been given back since). */
export const CAPTURED_STATUSES: readonly PaymentStatus[] = ['succeeded', 'partially_refunded', 'refunded'];

export const isOpen = (status: PaymentStatus) => OPEN_STATUSES.includes(status);
export const isCaptured = (status: PaymentStatus) => CAPTURED_STATUSES.includes(status);

/** What a refund may still give back. */
export const refundable = (payment: Pick<Payment, 'amount' | 'amountRefunded' | 'status'>, reserved = 0) =>
  isCaptured(payment.status) ? Math.max(0, payment.amount - payment.amountRefunded - reserved) : 0;

/** The provider idempotency key of a payment's intent: the booking id, plus the attempt after a failed one. */
export const intentKey = (payment: Pick<Payment, 'bookingId' | 'attempt'>) =>
  payment.attempt === 1 ? `payment:${payment.bookingId}` : `payment:${payment.bookingId}:${payment.attempt}`;

export const captureMethodOf = (kind: PaymentKind) => (kind === 'deposit' ? ('manual' as const) : ('automatic' as const));

/**
 * The provider request that creates a payment's intent. One builder for the first try (StartPayment) and
 * for the worker's retry of a creation whose answer was lost: a provider that checks idempotent requests
 * (Stripe does) refuses the same key with other parameters, so both must send exactly the same.
 */
export const intentRequest = (payment: Pick<Payment, 'id' | 'bookingId' | 'businessId' | 'attempt' | 'amount' | 'currency' | 'kind'>) => ({
  idempotencyKey: intentKey(payment),
  amount: payment.amount,
  currency: payment.currency,
  captureMethod: captureMethodOf(payment.kind),
  metadata: { payment_id: payment.id, booking_id: payment.bookingId, business_id: payment.businessId },
  description: `Booking ${payment.bookingId} (${payment.kind})`,
});
