import { WebhookSignatureError } from './payment-provider';

/** Parses a verified webhook body; anything that is not a JSON object is `malformed`. */
export function parseJsonBody(rawBody: Buffer | string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
  } catch (error) {
    throw new WebhookSignatureError(`webhook body is not JSON: ${(error as Error).message}`, 'malformed');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new WebhookSignatureError('webhook body is not a JSON object', 'malformed');
  }
  return parsed;
}
