import type { BookingState, ProjectedStatus } from '../domain/booking-state';
import type { Payment, PaymentKind, PaymentStatus, Refund, RefundReason, RefundStatus } from '../domain/payment';

export interface PaymentRow {
  id: string;
  business_id: string;
  booking_id: string;
  provider: string;
  provider_payment_id: string | null;
  kind: string;
  amount: string;
  currency: string;
  status: string;
  amount_refunded: string;
  client_secret: string | null;
  next_action_url: string | null;
  failure_code: string | null;
  failure_message: string | null;
  attempt: number;
  created_at: Date;
  updated_at: Date;
  authorized_at: Date | null;
  succeeded_at: Date | null;
  failed_at: Date | null;
  canceled_at: Date | null;
  refunded_at: Date | null;
}

export const PAYMENT_COLUMNS = `id, business_id, booking_id, provider, provider_payment_id, kind, amount, currency, status, amount_refunded,
  client_secret, next_action_url, failure_code, failure_message, attempt, created_at, updated_at, authorized_at, succeeded_at,
  failed_at, canceled_at, refunded_at`;

export function paymentToDomain(row: PaymentRow): Payment {
  return {
    id: row.id,
    businessId: row.business_id,
    bookingId: row.booking_id,
    provider: row.provider,
    providerPaymentId: row.provider_payment_id,
    kind: row.kind as PaymentKind,
    amount: Number(row.amount),
    currency: row.currency,
    status: row.status as PaymentStatus,
    amountRefunded: Number(row.amount_refunded),
    clientSecret: row.client_secret,
    nextActionUrl: row.next_action_url,
    failureCode: row.failure_code,
    failureMessage: row.failure_message,
    attempt: row.attempt,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    authorizedAt: row.authorized_at,
    succeededAt: row.succeeded_at,
    failedAt: row.failed_at,
    canceledAt: row.canceled_at,
    refundedAt: row.refunded_at,
  };
}

export interface RefundRow {
  id: string;
  business_id: string;
  payment_id: string;
  amount: string;
  currency: string;
  status: string;
  reason: string;
  provider_refund_id: string | null;
  created_at: Date;
  succeeded_at: Date | null;
  failed_at: Date | null;
}

export const REFUND_COLUMNS = 'id, business_id, payment_id, amount, currency, status, reason, provider_refund_id, created_at, succeeded_at, failed_at';

export function refundToDomain(row: RefundRow): Refund {
  return {
    id: row.id,
    businessId: row.business_id,
    paymentId: row.payment_id,
    amount: Number(row.amount),
    currency: row.currency,
    status: row.status as RefundStatus,
    reason: row.reason as RefundReason,
    providerRefundId: row.provider_refund_id,
    createdAt: row.created_at,
    succeededAt: row.succeeded_at,
    failedAt: row.failed_at,
  };
}

export interface BookingStateRow {
  booking_id: string;
  business_id: string;
  status: string;
  known: boolean;
  previous_status: string | null;
  payment_id: string | null;
  price_amount: string;
  currency: string;
  prepayment: string;
  deposit_amount: string;
  refund_amount: string | null;
  hold_expires_at: Date | null;
}

export function bookingStateToDomain(row: BookingStateRow): BookingState {
  return {
    bookingId: row.booking_id,
    businessId: row.business_id,
    status: row.status as ProjectedStatus,
    known: row.known,
    previousStatus: row.previous_status,
    paymentId: row.payment_id,
    priceAmount: Number(row.price_amount),
    currency: row.currency,
    prepayment: row.prepayment as BookingState['prepayment'],
    depositAmount: Number(row.deposit_amount),
    refundAmount: row.refund_amount === null ? null : Number(row.refund_amount),
    holdExpiresAt: row.hold_expires_at,
  };
}
