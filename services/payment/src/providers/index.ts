/**
 * The payment providers, as the payment use cases see them. Exports:
 * - the contract: `PaymentProvider`, its input/output types, `ProviderRequestError`, `WebhookSignatureError`;
 * - `ProviderSettings`, `ProviderRegistry`, `buildProviderRegistry(settings, { dataSource, logger })`;
 * - `PROVIDER_MIGRATIONS`: the sandbox PSP's tables, run in the payment schema;
 * - `SandboxProvider` (with the payer-side `confirm` and `authenticate`), `SANDBOX_PAYMENT_METHODS`,
 *   `startSandboxWebhookDelivery`, `signSandboxPayload`, `SANDBOX_SIGNATURE_HEADER`;
 * - `StripeProvider`, `StripeSettings`;
 * - `normaliseStripeShapedEvent` (Stripe-shaped event JSON → ProviderWebhookEvent).
 */
import type { MigrationInterface } from 'typeorm';
import { SandboxPsp1764800000000 } from './sandbox/1764800000000-sandbox-psp';

export * from './payment-provider';
export { buildProviderRegistry, type ProviderRegistry, type ProviderSettings } from './provider-registry';
export { SandboxProvider, type SandboxConfirmation, type SandboxSettings } from './sandbox/sandbox.provider';
export { SANDBOX_PAYMENT_METHODS, type SandboxPaymentMethod } from './sandbox/sandbox-rules';
export { DEFAULT_WEBHOOK_TOLERANCE_SECONDS, SANDBOX_SIGNATURE_HEADER, signSandboxPayload } from './sandbox/sandbox-signature';
export { startSandboxWebhookDelivery, type SandboxWebhookDeliveryOptions } from './sandbox/sandbox-webhook-delivery';
export { StripeProvider, type StripeSettings } from './stripe/stripe.provider';
export { normaliseStripeShapedEvent } from './stripe-shaped-event';
export { SandboxPsp1764800000000 };

export const PROVIDER_MIGRATIONS: Array<new () => MigrationInterface> = [SandboxPsp1764800000000];
