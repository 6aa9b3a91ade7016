import { ProviderRequestError, WebhookSignatureError } from '../payment-provider';

interface StripeErrorLike {
  type?: string;
  code?: string;
  decline_code?: string;
  message?: string;
}

/** Refusals that retrying the same request cannot fix; everything else (network, timeouts, 5xx, 429) is rethrown as-is. */
const REFUSALS: Record<string, string> = {
  StripeCardError: 'card_declined',
  StripeInvalidRequestError: 'invalid_request',
  StripeIdempotencyError: 'idempotency_key_reused',
};

/** Maps a Stripe SDK error: card errors and invalid requests become ProviderRequestError with Stripe's code. */
export function mapStripeError(error: unknown): unknown {
  const stripeError = error as StripeErrorLike;
  const fallbackCode = stripeError?.type ? REFUSALS[stripeError.type] : undefined;
  if (!fallbackCode) return error;
  const code = stripeError.type === 'StripeIdempotencyError' ? fallbackCode : stripeError.code ?? fallbackCode;
  return new ProviderRequestError(stripeError.message ?? 'Stripe refused the request', code);
}

export async function callStripe<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw mapStripeError(error);
  }
}

/** Stripe's verification errors carry only a message; the tolerance one is the only stale case. */
export function mapSignatureError(error: unknown): WebhookSignatureError {
  const message = (error as Error)?.message ?? String(error);
  if ((error as StripeErrorLike)?.type !== 'StripeSignatureVerificationError') {
    // Not a signature failure: the SDK could not read the event itself (e.g. a v2 thin event).
    return new WebhookSignatureError(`webhook could not be read: ${message}`, 'malformed');
  }
  if (/timestamp outside the tolerance/i.test(message)) return new WebhookSignatureError(message, 'stale_timestamp');
  if (/no stripe-signature header/i.test(message)) return new WebhookSignatureError(message, 'missing_signature');
  return new WebhookSignatureError(message.split('\n')[0], 'bad_signature');
}
