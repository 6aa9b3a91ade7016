import { noQuery, withProblems } from './common.schemas';
import { PAYMENT_PROVIDERS } from './payments.schemas';

/** Provider webhooks: the provider's own event format, signed over its exact bytes. */

/** Stripe's events are a few KiB; a megabyte leaves room for any provider without inviting abuse. */
export const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

export const webhookParams = {
  $id: 'PaymentWebhookParams',
  title: 'PaymentWebhookParams',
  type: 'object',
  properties: { provider: { type: 'string', enum: PAYMENT_PROVIDERS, description: 'The provider that sends the event' } },
  required: ['provider'],
  additionalProperties: false,
} as const;
export interface WebhookParams {
  provider: string;
}

/** Documentation only: any bytes pass (an empty schema), since the signature, not a schema, decides. */
const webhookBody = {
  description: `The provider's event exactly as it sent it (Stripe: JSON signed in its Stripe-Signature header; sandbox: JSON signed in its Omotenashi-Sandbox-Signature header), at most ${WEBHOOK_BODY_LIMIT_BYTES} bytes. The signature is checked over these bytes, so proxies must not re-encode them.`,
} as const;

export const webhookReceipt = {
  $id: 'PaymentWebhookReceipt',
  title: 'PaymentWebhookReceipt',
  type: 'object',
  properties: {
    received: { type: 'boolean', const: true },
    duplicate: { type: 'boolean', description: 'True when this event had already been received (a redelivery); it is not processed again' },
  },
  required: ['received', 'duplicate'],
  additionalProperties: false,
  examples: [{ received: true, duplicate: false }],
} as const;

export const receiveWebhookSchema = {
  summary: 'Receive a payment provider webhook',
  description:
    'For payment providers, not apps: the event is verified (signature and timestamp over the raw body) and stored once, and processed shortly after. 400 PAYMENT.WEBHOOK_SIGNATURE_INVALID when the signature does not match; 404 for a provider this deployment does not know. Not rate limited per IP.',
  params: webhookParams,
  querystring: noQuery,
  body: webhookBody,
  response: withProblems({ 200: webhookReceipt }),
};
