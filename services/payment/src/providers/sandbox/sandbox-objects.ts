import type { ProviderIntentStatus } from '../payment-provider';
import { chargeIdOf } from './sandbox-ids';

/** A `sandbox_intents` row with its money columns as numbers. */
export interface IntentRow {
  id: string;
  client_secret: string;
  idempotency_key: string;
  amount: number;
  currency: string;
  capture_method: 'automatic' | 'manual';
  status: ProviderIntentStatus;
  description: string | null;
  metadata: Record<string, string>;
  payment_method: string | null;
  amount_capturable: number;
  amount_received: number;
  amount_refunded: number;
  last_payment_error: { code: string; decline_code?: string; message: string } | null;
  cancellation_reason: string | null;
  capture_idempotency_key: string | null;
  cancel_idempotency_key: string | null;
  created_at: Date;
}

export interface RefundRow {
  id: string;
  intent_id: string;
  idempotency_key: string;
  amount: number;
  currency: string;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled';
  reason: string | null;
  created_at: Date;
}

type RawRow = Record<string, unknown>;
const MONEY = ['amount', 'amount_capturable', 'amount_received', 'amount_refunded'];

/** pg returns bigint as text; sandbox amounts fit in a JS integer (checked on the way in). */
export function fromDb<T>(row: RawRow): T {
  const converted: RawRow = { ...row };
  for (const column of MONEY) if (column in converted) converted[column] = Number(converted[column]);
  return converted as T;
}

const unix = (date: Date) => Math.floor(date.getTime() / 1000);

/** The intent as Stripe would show it in an API response or an event (the client secret is left out). */
export function intentObject(intent: IntentRow, nextActionUrl?: string) {
  return {
    id: intent.id,
    object: 'payment_intent',
    amount: intent.amount,
    amount_capturable: intent.amount_capturable,
    amount_received: intent.amount_received,
    capture_method: intent.capture_method,
    cancellation_reason: intent.cancellation_reason,
    created: unix(intent.created_at),
    currency: intent.currency,
    description: intent.description,
    last_payment_error: intent.last_payment_error,
    latest_charge: intent.amount_received > 0 || intent.amount_capturable > 0 ? chargeIdOf(intent.id) : null,
    livemode: false,
    metadata: intent.metadata,
    next_action: nextActionUrl ? { type: 'redirect_to_url', redirect_to_url: { url: nextActionUrl, return_url: null } } : null,
    payment_method: intent.payment_method,
    status: intent.status,
  };
}

export function refundObject(refund: RefundRow) {
  return {
    id: refund.id,
    object: 'refund',
    amount: refund.amount,
    charge: chargeIdOf(refund.intent_id),
    created: unix(refund.created_at),
    currency: refund.currency,
    payment_intent: refund.intent_id,
    reason: refund.reason,
    status: refund.status,
  };
}

/** The intent's charge after a refund; `refunds` newest first, as Stripe lists them. */
export function chargeObject(intent: IntentRow, refunds: RefundRow[]) {
  return {
    id: chargeIdOf(intent.id),
    object: 'charge',
    amount: intent.amount,
    amount_captured: intent.amount_received,
    amount_refunded: intent.amount_refunded,
    captured: intent.amount_received > 0,
    currency: intent.currency,
    metadata: intent.metadata,
    paid: true,
    payment_intent: intent.id,
    payment_method: intent.payment_method,
    refunded: intent.amount_refunded === intent.amount_received,
    refunds: { object: 'list', data: refunds.map(refundObject), has_more: false },
    status: 'succeeded',
  };
}
