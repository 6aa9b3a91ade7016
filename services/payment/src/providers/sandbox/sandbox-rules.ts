import { timingSafeEqual } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { ProviderRequestError, type CreateIntentInput, type ProviderIntentStatus } from '../payment-provider';
import type { IntentRow } from './sandbox-objects';
import type { IntentChanges } from './sandbox.store';

/** The sandbox's test payment methods, named as Stripe's test cards are. */
export const SANDBOX_PAYMENT_METHODS = {
  pm_card_visa: 'approve',
  pm_card_chargeDeclined: 'decline',
  pm_card_authenticationRequired: 'authenticate',
} as const;
export type SandboxPaymentMethod = keyof typeof SANDBOX_PAYMENT_METHODS;

/** Stripe's ceiling for one charge (eight digits in minor units). */
const MAX_AMOUNT = 99_999_999;
const CONFIRMABLE: ProviderIntentStatus[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

export function validateCreateInput(input: CreateIntentInput): void {
  if (typeof input.idempotencyKey !== 'string' || input.idempotencyKey.length === 0 || input.idempotencyKey.length > 255) {
    throw new ProviderRequestError('idempotencyKey must be 1 to 255 characters', 'idempotency_key_invalid');
  }
  validateAmount(input.amount, MAX_AMOUNT);
  if (typeof input.currency !== 'string' || !/^[a-z]{3}$/i.test(input.currency)) {
    throw new ProviderRequestError(`currency must be an ISO 4217 code, got '${String(input.currency)}'`, 'currency_invalid');
  }
  if (input.captureMethod !== 'automatic' && input.captureMethod !== 'manual') {
    throw new ProviderRequestError(`captureMethod must be automatic or manual, got '${String(input.captureMethod)}'`, 'parameter_invalid');
  }
  for (const [key, value] of Object.entries(input.metadata ?? {})) {
    if (typeof value !== 'string') throw new ProviderRequestError(`metadata.${key} must be a string`, 'parameter_invalid');
  }
}

/** An idempotent replay must ask for exactly what the first request asked for. */
export function sameCreateRequest(
  existing: IntentRow,
  requested: { amount: number; currency: string; captureMethod: string; description: string | null; metadata: Record<string, string> },
): boolean {
  return existing.amount === requested.amount && existing.currency === requested.currency
    && existing.capture_method === requested.captureMethod && existing.description === requested.description
    && isDeepStrictEqual(existing.metadata, requested.metadata);
}

export function validateAmount(amount: unknown, max: number): asserts amount is number {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) {
    throw new ProviderRequestError(`amount must be a positive integer in minor units, got ${String(amount)}`, 'amount_invalid');
  }
  if (amount > max) throw new ProviderRequestError(`amount ${amount} is more than the ${max} allowed`, 'amount_too_large');
}

export function checkClientSecret(intent: IntentRow, clientSecret: string): void {
  const given = Buffer.from(String(clientSecret ?? ''));
  const expected = Buffer.from(intent.client_secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ProviderRequestError('the client secret does not belong to this payment intent', 'client_secret_mismatch');
  }
}

export function requireStatus(intent: IntentRow, allowed: ProviderIntentStatus[], action: string): void {
  if (!allowed.includes(intent.status)) {
    throw new ProviderRequestError(`cannot ${action} a payment intent whose status is ${intent.status}`, 'intent_unexpected_state');
  }
}

export const requireConfirmable = (intent: IntentRow) => requireStatus(intent, CONFIRMABLE, 'confirm');

export function paymentMethodOutcome(paymentMethod: string) {
  const outcome = SANDBOX_PAYMENT_METHODS[paymentMethod as SandboxPaymentMethod];
  if (!Object.hasOwn(SANDBOX_PAYMENT_METHODS, paymentMethod) || !outcome) {
    throw new ProviderRequestError(
      `unknown payment method '${paymentMethod}'; use one of ${Object.keys(SANDBOX_PAYMENT_METHODS).join(', ')}`,
      'payment_method_unknown',
    );
  }
  return outcome;
}

/** A successful authorization: money is taken at once, or held for a later capture. */
export function authorized(intent: IntentRow): { changes: IntentChanges; eventType: string } {
  return intent.capture_method === 'automatic'
    ? { changes: { status: 'succeeded', amount_received: intent.amount, amount_capturable: 0, last_payment_error: null }, eventType: 'payment_intent.succeeded' }
    : { changes: { status: 'requires_capture', amount_capturable: intent.amount, last_payment_error: null }, eventType: 'payment_intent.amount_capturable_updated' };
}

/** As with Stripe, a failed attempt returns the intent to `requires_payment_method`: the payer may try another. */
export function failed(code: string, message: string, declineCode?: string): { changes: IntentChanges; eventType: string } {
  const error = declineCode ? { code, decline_code: declineCode, message } : { code, message };
  return { changes: { status: 'requires_payment_method', last_payment_error: error }, eventType: 'payment_intent.payment_failed' };
}
