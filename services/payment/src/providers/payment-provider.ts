/**
 * One interface in front of every payment service provider (PSP). The payment use cases speak only
 * this; `sandbox` (built in) and `stripe` (official SDK) implement it. Amounts are integers in minor
 * units of `currency` (ISO 4217, lower or upper case accepted; JPY has no minor unit).
 */

export type ProviderName = 'sandbox' | 'stripe';

/** The provider-side state of a payment intent, in Stripe's vocabulary (the sandbox uses it too). */
export type ProviderIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'succeeded'
  | 'canceled';

export interface CreateIntentInput {
  /** Sent to the provider as its idempotency key: the same key never creates a second intent. */
  idempotencyKey: string;
  amount: number;
  currency: string;
  /** `manual` (deposits): authorize now, capture later; `automatic`: capture on confirmation. */
  captureMethod: 'automatic' | 'manual';
  /** Our ids, stored on the provider's object and echoed back in its webhooks. */
  metadata: { payment_id: string; booking_id: string; business_id: string };
  description?: string;
}

export interface ProviderIntent {
  providerPaymentId: string;
  status: ProviderIntentStatus;
  /** Given to the payer's client to confirm the payment with the provider. */
  clientSecret: string;
  amount: number;
  currency: string;
  /** Where the customer completes an authentication when status is `requires_action`. */
  nextActionUrl?: string;
}

export interface ProviderRefund {
  providerRefundId: string;
  status: 'pending' | 'succeeded' | 'failed';
  amount: number;
}

/** A verified provider webhook, normalised. `ignored` covers event types we do not act on. */
export type ProviderWebhookType =
  | 'payment.requires_action'
  | 'payment.authorized'
  | 'payment.succeeded'
  | 'payment.failed'
  | 'payment.canceled'
  | 'refund.succeeded'
  | 'refund.failed'
  | 'ignored';

export interface ProviderWebhookEvent {
  /** The provider's event id: the inbox stores each once. */
  id: string;
  type: ProviderWebhookType;
  /** The provider's own event type (e.g. `payment_intent.succeeded`). */
  providerType: string;
  providerPaymentId: string;
  /** Our payment id from the intent's metadata, when present. */
  paymentId?: string;
  /** When the provider says it happened: events may arrive out of order. */
  occurredAt: Date;
  amount?: number;
  currency?: string;
  failureCode?: string;
  failureMessage?: string;
  providerRefundId?: string;
  refundAmount?: number;
}

/** Thrown by `parseWebhook` for a bad signature, a missing header or a timestamp outside the tolerance. */
export class WebhookSignatureError extends Error {
  constructor(
    message: string,
    readonly reason: 'missing_signature' | 'bad_signature' | 'stale_timestamp' | 'malformed',
  ) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
}

/** Thrown when the provider refuses a request for a reason that retrying will not fix (e.g. bad amount). */
export class ProviderRequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ProviderRequestError';
  }
}

export interface PaymentProvider {
  readonly name: ProviderName;
  createIntent(input: CreateIntentInput): Promise<ProviderIntent>;
  retrieveIntent(providerPaymentId: string): Promise<ProviderIntent>;
  /** Captures an authorized (`requires_capture`) intent; `amount` defaults to all of it. */
  capture(providerPaymentId: string, options: { idempotencyKey: string; amount?: number }): Promise<ProviderIntent>;
  /** Cancels an intent that is not captured yet; nothing is charged. */
  cancel(providerPaymentId: string, options: { idempotencyKey: string }): Promise<ProviderIntent>;
  refund(providerPaymentId: string, options: { idempotencyKey: string; amount: number; reason?: string }): Promise<ProviderRefund>;
  /**
   * Verifies the signature over the exact raw body and the timestamp against the tolerance, then
   * normalises the event. Throws WebhookSignatureError when it must be rejected.
   * `headers` has lower-cased names.
   */
  parseWebhook(rawBody: Buffer, headers: Record<string, string>, now?: Date): ProviderWebhookEvent;
}
