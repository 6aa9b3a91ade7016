import { randomBytes } from 'node:crypto';
import type { paymentV1 } from '@omotenashi/proto';
import { SANDBOX_SIGNATURE_HEADER, signSandboxPayload } from '../../src/providers';
import { SANDBOX_SECRET } from './payment.harness';

/** A Stripe-shaped sandbox event about `payment`'s intent, as the sandbox PSP would send it. */
export function intentEvent(payment: paymentV1.Payment, type: string, createdSeconds: number, extra: Record<string, unknown> = {}) {
  return {
    id: `evt_test_${randomBytes(12).toString('hex')}`,
    object: 'event',
    type,
    created: createdSeconds,
    data: {
      object: {
        object: 'payment_intent',
        id: payment.providerPaymentId,
        amount: payment.amount,
        amount_received: type === 'payment_intent.succeeded' ? payment.amount : 0,
        currency: payment.currency.toLowerCase(),
        metadata: { payment_id: payment.id, booking_id: payment.bookingId, business_id: payment.businessId },
        ...extra,
      },
    },
  };
}

/** The webhook request for `event`, signed at `timestamp` (seconds) with `secret`. */
export function signedDelivery(event: object, timestamp = Math.floor(Date.now() / 1000), secret = SANDBOX_SECRET) {
  const body = Buffer.from(JSON.stringify(event));
  return { provider: 'sandbox', headers: { [SANDBOX_SIGNATURE_HEADER]: signSandboxPayload(body, secret, timestamp) }, body };
}
