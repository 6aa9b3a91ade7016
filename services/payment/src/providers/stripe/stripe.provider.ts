import Stripe from 'stripe';
import type {
  CreateIntentInput, PaymentProvider, ProviderIntent, ProviderIntentStatus, ProviderRefund, ProviderWebhookEvent,
} from '../payment-provider';
import { WebhookSignatureError } from '../payment-provider';
import { normaliseStripeShapedEvent } from '../stripe-shaped-event';
import { callStripe, mapSignatureError } from './stripe-errors';

export interface StripeSettings {
  secretKey: string;
  webhookSecret: string;
  webhookToleranceSeconds: number;
  /** Another API origin (the test stand-in, a proxy); Stripe's own when absent. */
  apiBase?: string;
  /** Per attempt: with `maxNetworkRetries` 1 a hung call fails after about twice this plus a short backoff. */
  timeoutMs: number;
  /** The SDK retries connection failures and 5xx with the same idempotency key; default 1. */
  maxNetworkRetries?: number;
}

const DEFAULT_TOLERANCE_SECONDS = 300;
const REFUND_REASONS = new Set(['duplicate', 'fraudulent', 'requested_by_customer']);

function clientConfig(settings: StripeSettings): ConstructorParameters<typeof Stripe>[1] {
  const config: ConstructorParameters<typeof Stripe>[1] = {
    timeout: settings.timeoutMs,
    maxNetworkRetries: settings.maxNetworkRetries ?? 1,
    telemetry: false,
    appInfo: { name: 'omotenashi-connect-payment' },
  };
  if (!settings.apiBase) return config;
  const base = new URL(settings.apiBase);
  const protocol = base.protocol.replace(':', '');
  if (protocol !== 'http' && protocol !== 'https') throw new Error(`stripe apiBase must be http(s), got ${settings.apiBase}`);
  return { ...config, host: base.hostname, port: base.port || (protocol === 'https' ? 443 : 80), protocol };
}

/** Stripe through its official SDK. Amounts and statuses pass through; Stripe's refusals keep Stripe's codes. */
export class StripeProvider implements PaymentProvider {
  readonly name = 'stripe' as const;
  readonly client: Stripe;

  constructor(private readonly settings: StripeSettings) {
    if (!settings.secretKey) throw new Error('the stripe provider needs a secret key');
    if (!settings.webhookSecret) throw new Error('the stripe provider needs a webhook signing secret');
    this.client = new Stripe(settings.secretKey, clientConfig(settings));
  }

  async createIntent(input: CreateIntentInput): Promise<ProviderIntent> {
    const intent = await callStripe(() =>
      this.client.paymentIntents.create(
        {
          amount: input.amount,
          currency: input.currency.toLowerCase(),
          capture_method: input.captureMethod,
          metadata: { ...input.metadata },
          ...(input.description ? { description: input.description } : {}),
        },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return toProviderIntent(intent);
  }

  async retrieveIntent(providerPaymentId: string): Promise<ProviderIntent> {
    return toProviderIntent(await callStripe(() => this.client.paymentIntents.retrieve(providerPaymentId)));
  }

  async capture(providerPaymentId: string, options: { idempotencyKey: string; amount?: number }): Promise<ProviderIntent> {
    const params = options.amount === undefined ? {} : { amount_to_capture: options.amount };
    const intent = await callStripe(() =>
      this.client.paymentIntents.capture(providerPaymentId, params, { idempotencyKey: options.idempotencyKey }),
    );
    return toProviderIntent(intent);
  }

  async cancel(providerPaymentId: string, options: { idempotencyKey: string }): Promise<ProviderIntent> {
    const intent = await callStripe(() =>
      this.client.paymentIntents.cancel(providerPaymentId, {}, { idempotencyKey: options.idempotencyKey }),
    );
    return toProviderIntent(intent);
  }

  async refund(providerPaymentId: string, options: { idempotencyKey: string; amount: number; reason?: string }): Promise<ProviderRefund> {
    // Stripe takes only its three reasons; any other text travels as metadata.
    const reason = options.reason && REFUND_REASONS.has(options.reason) ? { reason: options.reason as 'duplicate' } : {};
    const metadata = options.reason && !REFUND_REASONS.has(options.reason) ? { metadata: { reason: options.reason.slice(0, 500) } } : {};
    const refund = await callStripe(() =>
      this.client.refunds.create(
        { payment_intent: providerPaymentId, amount: options.amount, ...reason, ...metadata },
        { idempotencyKey: options.idempotencyKey },
      ),
    );
    const status = refund.status === 'succeeded' ? 'succeeded' : refund.status === 'failed' || refund.status === 'canceled' ? 'failed' : 'pending';
    return { providerRefundId: refund.id, status, amount: refund.amount };
  }

  parseWebhook(rawBody: Buffer, headers: Record<string, string>, now = new Date()): ProviderWebhookEvent {
    const header = headers['stripe-signature'];
    if (!header) throw new WebhookSignatureError('missing stripe-signature header', 'missing_signature');
    let event: unknown;
    try {
      // Stripe reads a tolerance of 0 as "do not check"; an unset or zero setting means the 300 s default instead.
      const tolerance = this.settings.webhookToleranceSeconds > 0 ? this.settings.webhookToleranceSeconds : DEFAULT_TOLERANCE_SECONDS;
      event = this.client.webhooks.constructEvent(rawBody, header, this.settings.webhookSecret, tolerance, undefined, now.getTime());
    } catch (error) {
      // The signature is checked first: a SyntaxError means a correctly signed body that is not JSON.
      if (error instanceof SyntaxError) throw new WebhookSignatureError(`webhook body is not JSON: ${error.message}`, 'malformed');
      throw mapSignatureError(error);
    }
    return normaliseStripeShapedEvent(event);
  }
}

function toProviderIntent(intent: Stripe.PaymentIntent): ProviderIntent {
  const nextActionUrl = intent.next_action?.redirect_to_url?.url ?? undefined;
  return {
    providerPaymentId: intent.id,
    status: intent.status as ProviderIntentStatus,
    clientSecret: intent.client_secret ?? '',
    amount: intent.amount,
    currency: intent.currency,
    ...(nextActionUrl ? { nextActionUrl } : {}),
  };
}
