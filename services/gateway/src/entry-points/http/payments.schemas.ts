import { bookingParams } from './bookings.schemas';
import { manageHeaders } from './bookings.changes.schemas';
import { amount, dateTime, noQuery, uuid, withProblems } from './common.schemas';

/**
 * A booking's payments (deposit or full prepayment) and their refunds. Money is an integer in minor
 * units with its ISO 4217 currency; every time is RFC 3339; an empty fact is null, never "".
 */

export const PAYMENT_PROVIDERS = ['sandbox', 'stripe'] as const;
export const PAYMENT_STATUSES = [
  'requires_payment_method',
  'requires_action',
  'authorized',
  'succeeded',
  'failed',
  'canceled',
  'partially_refunded',
  'refunded',
] as const;

const nullable = <T extends { type: string }>(schema: T) => ({ ...schema, type: [schema.type, 'null'] }) as const;
const provider = { type: 'string', enum: PAYMENT_PROVIDERS } as const;

const refundProperties = {
  id: uuid,
  payment_id: uuid,
  amount: { ...amount, examples: [4_400] },
  currency: { type: 'string', examples: ['JPY'] },
  status: { type: 'string', enum: ['pending', 'succeeded', 'failed'] },
  reason: {
    type: 'string',
    enum: ['requested_by_business', 'booking_cancelled', 'booking_expired', 'late_payment', 'duplicate_payment'],
  },
  provider_refund_id: nullable({ type: 'string' }),
  created_at: dateTime,
  succeeded_at: nullable(dateTime),
  failed_at: nullable(dateTime),
} as const;

export const refundResponse = {
  $id: 'Refund',
  title: 'Refund',
  type: 'object',
  properties: refundProperties,
  required: Object.keys(refundProperties),
  additionalProperties: false,
} as const;

const paymentProperties = {
  id: uuid,
  business_id: uuid,
  booking_id: uuid,
  provider,
  provider_payment_id: { type: 'string', description: "The provider's id of the payment (Stripe: the PaymentIntent id)", examples: ['pi_3Q0a1b2c3d4e5f'] },
  kind: { type: 'string', enum: ['deposit', 'full'], description: "What the booking's policy asked for when it was made" },
  amount: { ...amount, examples: [8_800] },
  currency: { type: 'string', examples: ['JPY'] },
  status: { type: 'string', enum: PAYMENT_STATUSES },
  amount_refunded: { ...amount, description: 'Everything refunded so far, in minor units' },
  client_secret: nullable({
    type: 'string',
    description:
      "For the payer's client to confirm the payment with the provider (Stripe.js, or the sandbox confirm route). Only in answers to the payer (the guest, or whoever started it) and only while the payment is not final; null otherwise. Keep it out of logs.",
  }),
  next_action_url: nullable({ type: 'string', description: 'Where the customer completes an authentication (3-D Secure) while status is requires_action' }),
  failure_code: nullable({ type: 'string', examples: ['card_declined'] }),
  failure_message: nullable({ type: 'string' }),
  created_at: dateTime,
  updated_at: dateTime,
  authorized_at: nullable(dateTime),
  succeeded_at: nullable(dateTime),
  failed_at: nullable(dateTime),
  canceled_at: nullable(dateTime),
  refunded_at: nullable(dateTime),
  refunds: { type: 'array', items: refundResponse },
} as const;

/** The allow-list of what a payment shows; the client secret only where the route says so. */
export const paymentResponse = {
  $id: 'Payment',
  title: 'Payment',
  type: 'object',
  properties: paymentProperties,
  required: Object.keys(paymentProperties),
  additionalProperties: false,
} as const;

export const bookingPaymentsResponse = {
  $id: 'BookingPayments',
  title: 'BookingPayments',
  description: "A booking's payments, newest first, each with its refunds (one page: a booking has few payments)",
  type: 'object',
  properties: {
    data: { type: 'array', items: paymentResponse },
    next_cursor: { type: 'null', description: 'Always null: every payment of the booking is on this page' },
  },
  required: ['data', 'next_cursor'],
  additionalProperties: false,
} as const;

export const refundedPaymentResponse = {
  $id: 'RefundedPayment',
  title: 'RefundedPayment',
  type: 'object',
  properties: { payment: paymentResponse, refund: refundResponse },
  required: ['payment', 'refund'],
  additionalProperties: false,
} as const;


export const startPaymentBody = {
  $id: 'StartPaymentBody',
  title: 'StartPaymentBody',
  description: "Optional; no body uses the deployment's default provider",
  type: ['object', 'null'],
  properties: { provider: { ...provider, description: 'One of the providers this deployment has enabled' } },
  additionalProperties: false,
  examples: [{ provider: 'sandbox' }],
} as const;
export type StartPaymentBody = { provider?: string } | null | undefined;

export const refundPaymentBody = {
  $id: 'RefundPaymentBody',
  title: 'RefundPaymentBody',
  description: 'Optional; no amount refunds everything not yet refunded',
  type: ['object', 'null'],
  properties: {
    amount: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: "In minor units of the payment's currency" },
    note: { type: 'string', maxLength: 500, description: 'For the audit trail' },
  },
  additionalProperties: false,
  examples: [{ amount: 2_000, note: 'お詫びとして一部返金' }],
} as const;
export type RefundPaymentBody = { amount?: number; note?: string } | null | undefined;

const refundHeaders = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string',
      pattern: '^[\\x21-\\x7e]{1,255}$',
      description: 'Any unique string (a UUID v4 is ideal), 1–255 visible ASCII characters: a retry with the same key returns the first refund instead of a second one.',
    },
  },
} as const;

export const paymentParams = {
  $id: 'PaymentParams',
  title: 'PaymentParams',
  type: 'object',
  properties: { businessId: uuid, paymentId: uuid },
  required: ['businessId', 'paymentId'],
  additionalProperties: false,
} as const;
export interface PaymentParams {
  businessId: string;
  paymentId: string;
}

export const startPaymentSchema = {
  params: bookingParams,
  querystring: noQuery,
  headers: manageHeaders,
  body: startPaymentBody,
  response: withProblems({ 200: paymentResponse, 201: paymentResponse }),
};
export const listBookingPaymentsSchema = {
  params: bookingParams,
  querystring: noQuery,
  headers: manageHeaders,
  response: withProblems({ 200: bookingPaymentsResponse }),
};
export const getPaymentSchema = {
  params: paymentParams,
  querystring: noQuery,
  response: withProblems({ 200: paymentResponse }),
};
export const refundPaymentSchema = {
  params: paymentParams,
  querystring: noQuery,
  headers: refundHeaders,
  body: refundPaymentBody,
  response: withProblems({ 201: refundedPaymentResponse }),
};

export interface RefundJson {
  id: string;
  payment_id: string;
  amount: number;
  currency: string;
  status: string;
  reason: string;
  provider_refund_id: string | null;
  created_at: string;
  succeeded_at: string | null;
  failed_at: string | null;
}

export interface PaymentJson {
  id: string;
  business_id: string;
  booking_id: string;
  provider: string;
  provider_payment_id: string;
  kind: string;
  amount: number;
  currency: string;
  status: string;
  amount_refunded: number;
  client_secret: string | null;
  next_action_url: string | null;
  failure_code: string | null;
  failure_message: string | null;
  created_at: string;
  updated_at: string;
  authorized_at: string | null;
  succeeded_at: string | null;
  failed_at: string | null;
  canceled_at: string | null;
  refunded_at: string | null;
  refunds: RefundJson[];
}
