import { noQuery, withProblems } from './common.schemas';

/**
 * The sandbox provider's client side, what Stripe.js does against Stripe: confirm an intent with a
 * test payment method, then pass or fail the customer authentication it may ask for.
 */

export const SANDBOX_PAYMENT_METHODS = ['pm_card_visa', 'pm_card_chargeDeclined', 'pm_card_authenticationRequired'] as const;

const clientSecret = {
  type: 'string',
  minLength: 1,
  maxLength: 255,
  description: 'The client_secret of the payment (from starting it)',
} as const;

export const sandboxIntentParams = {
  $id: 'SandboxIntentParams',
  title: 'SandboxIntentParams',
  type: 'object',
  properties: { intentId: { type: 'string', pattern: '^[A-Za-z0-9_]{1,100}$', description: 'The payment\'s provider_payment_id' } },
  required: ['intentId'],
  additionalProperties: false,
} as const;
export interface SandboxIntentParams {
  intentId: string;
}

export const confirmSandboxBody = {
  $id: 'ConfirmSandboxPaymentBody',
  title: 'ConfirmSandboxPaymentBody',
  type: 'object',
  properties: {
    client_secret: clientSecret,
    payment_method: {
      type: 'string',
      enum: SANDBOX_PAYMENT_METHODS,
      description: 'pm_card_visa succeeds; pm_card_chargeDeclined is declined; pm_card_authenticationRequired asks for 3-D Secure first',
    },
  },
  required: ['client_secret', 'payment_method'],
  additionalProperties: false,
  examples: [{ client_secret: 'pi_sbx_0123_secret_abcd', payment_method: 'pm_card_visa' }],
} as const;
export interface ConfirmSandboxBody {
  client_secret: string;
  payment_method: string;
}

export const confirmedSandboxResponse = {
  $id: 'ConfirmedSandboxPayment',
  title: 'ConfirmedSandboxPayment',
  type: 'object',
  properties: {
    status: { type: 'string', description: 'processing (the outcome arrives later, by signed webhook) or requires_action', examples: ['processing'] },
    next_action_url: { type: ['string', 'null'], description: 'Where to authenticate, while status is requires_action' },
  },
  required: ['status', 'next_action_url'],
  additionalProperties: false,
} as const;

export const authenticateSandboxBody = {
  $id: 'AuthenticateSandboxPaymentBody',
  title: 'AuthenticateSandboxPaymentBody',
  type: 'object',
  properties: {
    client_secret: clientSecret,
    approve: { type: 'boolean', description: 'True: the customer passes the authentication; false: fails it (the payment fails)' },
  },
  required: ['client_secret', 'approve'],
  additionalProperties: false,
  examples: [{ client_secret: 'pi_sbx_0123_secret_abcd', approve: true }],
} as const;
export interface AuthenticateSandboxBody {
  client_secret: string;
  approve: boolean;
}

export const authenticatedSandboxResponse = {
  $id: 'AuthenticatedSandboxPayment',
  title: 'AuthenticatedSandboxPayment',
  type: 'object',
  properties: { status: { type: 'string' } },
  required: ['status'],
  additionalProperties: false,
} as const;

export const confirmSandboxSchema = {
  operationId: 'confirmSandboxPayment',
  summary: 'Confirm a sandbox payment',
  params: sandboxIntentParams,
  querystring: noQuery,
  body: confirmSandboxBody,
  response: withProblems({ 200: confirmedSandboxResponse }),
};
export const authenticateSandboxSchema = {
  operationId: 'authenticateSandboxPayment',
  summary: 'Authenticate a sandbox payment (3-D Secure)',
  params: sandboxIntentParams,
  querystring: noQuery,
  body: authenticateSandboxBody,
  response: withProblems({ 200: authenticatedSandboxResponse }),
};
