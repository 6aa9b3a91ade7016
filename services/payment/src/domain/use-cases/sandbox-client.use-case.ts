import { timingSafeEqual } from 'node:crypto';
import { CommonErrors } from '@omotenashi/errors';
import { findByProviderPaymentId, recordNextAction } from '../../data-access/payment.repository';
import { PaymentErrors } from '../payment.errors';
import type { PaymentDeps } from './payment-deps';

/** The sandbox PSP's client-side operations (what Stripe.js does against Stripe). */
export interface SandboxClientSide {
  confirm(providerPaymentId: string, clientSecret: string, paymentMethod: string): Promise<{ status: string; nextActionUrl?: string }>;
  authenticate(providerPaymentId: string, clientSecret: string, approve: boolean): Promise<{ status: string }>;
}

const sameSecret = (given: string, stored: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** The client secret is the payer's only credential: checked against ours before the sandbox sees the request. */
async function checkClientSecret(deps: PaymentDeps, providerPaymentId: string, clientSecret: string): Promise<string> {
  const payment = providerPaymentId ? await findByProviderPaymentId(deps.dataSource.manager, 'sandbox', providerPaymentId) : undefined;
  if (!payment) throw PaymentErrors.notFound();
  if (!payment.clientSecret || !sameSecret(clientSecret, payment.clientSecret)) throw PaymentErrors.clientSecretMismatch();
  return payment.id;
}

/** Runs a payer-side sandbox step through the provider's breaker; the sandbox's refusals become our error codes. */
async function onSandbox<T>(deps: PaymentDeps, operation: string, step: (sandbox: SandboxClientSide) => Promise<T>): Promise<T> {
  try {
    return await deps.providers.call('sandbox', operation, (provider) => step(provider as unknown as SandboxClientSide));
  } catch (error) {
    if ((error as Error)?.name !== 'ProviderRequestError') throw error;
    const code = (error as { code?: string }).code;
    if (code === 'client_secret_mismatch') throw PaymentErrors.clientSecretMismatch();
    if (code === 'payment_method_unknown') throw CommonErrors.validation([{ pointer: '/payment_method', detail: (error as Error).message }]);
    throw PaymentErrors.providerDeclined((error as Error).message);
  }
}

export async function confirmSandboxPayment(deps: PaymentDeps, providerPaymentId: string, clientSecret: string, paymentMethod: string) {
  const paymentId = await checkClientSecret(deps, providerPaymentId, clientSecret);
  const result = await onSandbox(deps, 'confirm', (sandbox) => sandbox.confirm(providerPaymentId, clientSecret, paymentMethod));
  // The status itself arrives by webhook; the authentication page is only in this answer.
  if (result.nextActionUrl) await recordNextAction(deps.dataSource.manager, paymentId, result.nextActionUrl);
  return result;
}

export async function authenticateSandboxPayment(deps: PaymentDeps, providerPaymentId: string, clientSecret: string, approve: boolean) {
  await checkClientSecret(deps, providerPaymentId, clientSecret);
  return onSandbox(deps, 'authenticate', (sandbox) => sandbox.authenticate(providerPaymentId, clientSecret, approve));
}
