import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookSignatureError } from '../payment-provider';

/** The header the sandbox signs its webhooks with: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export const SANDBOX_SIGNATURE_HEADER = 'omotenashi-sandbox-signature';
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

function hmacHex(body: string | Buffer, secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The signature header value for `body` at `timestamp` (unix seconds). */
export function signSandboxPayload(body: string | Buffer, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  if (!secret) throw new Error('a sandbox webhook secret is required to sign');
  return `t=${timestamp},v1=${hmacHex(body, secret, timestamp)}`;
}

function parseHeader(header: string): { timestamp: number; signatures: string[] } {
  let timestamp = Number.NaN;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && /^\d{1,12}$/.test(value ?? '')) timestamp = Number(value);
    if (key === 'v1' && value) signatures.push(value);
  }
  return { timestamp, signatures };
}

function sameHex(expected: string, candidate: string): boolean {
  if (!/^[0-9a-f]+$/i.test(candidate)) return false;
  const a = Buffer.from(expected, 'hex');
  const b = Buffer.from(candidate, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Checks the signature over the exact raw body, then the timestamp against the tolerance (either way:
 * a timestamp from the future is as suspicious as an old one). Throws WebhookSignatureError.
 */
export function verifySandboxSignature(
  rawBody: Buffer,
  header: string | undefined,
  secret: string,
  toleranceSeconds: number,
  now: Date,
): void {
  if (!header) throw new WebhookSignatureError(`missing ${SANDBOX_SIGNATURE_HEADER} header`, 'missing_signature');
  const { timestamp, signatures } = parseHeader(header);
  if (!Number.isFinite(timestamp) || signatures.length === 0) {
    throw new WebhookSignatureError('signature header has no timestamp or no v1 signature', 'bad_signature');
  }
  const expected = hmacHex(rawBody, secret, timestamp);
  if (!signatures.some((signature) => sameHex(expected, signature))) {
    throw new WebhookSignatureError('no signature matches the payload', 'bad_signature');
  }
  const ageSeconds = Math.floor(now.getTime() / 1000) - timestamp;
  if (Math.abs(ageSeconds) > toleranceSeconds) {
    throw new WebhookSignatureError(`signature timestamp is ${ageSeconds} s from now, outside the tolerance`, 'stale_timestamp');
  }
}
