import type { FastifyPluginAsync } from 'fastify';
import { authenticateSandboxPayment, confirmSandboxPayment } from '../../domain/payments.use-cases';
import { PUBLIC } from './access';
import type { RouteDeps } from './route-deps';
import {
  authenticateSandboxSchema,
  confirmSandboxSchema,
  type AuthenticateSandboxBody,
  type ConfirmSandboxBody,
  type SandboxIntentParams,
} from './sandbox-payments.schemas';

/**
 * What a payer's browser does against the sandbox provider (Stripe.js does the same against Stripe):
 * public, since the client secret is the credential, and payment checks it.
 */
export const sandboxPaymentsRoutes: FastifyPluginAsync<RouteDeps> = async (app, { downstreams }) => {
  app.post<{ Params: SandboxIntentParams; Body: ConfirmSandboxBody }>(
    '/v1/payments/sandbox/intents/:intentId/confirm',
    { schema: confirmSandboxSchema, config: { access: PUBLIC } },
    async (request) => {
      const answer = await confirmSandboxPayment(downstreams, {
        providerPaymentId: request.params.intentId,
        clientSecret: request.body.client_secret,
        paymentMethod: request.body.payment_method,
      });
      return { status: answer.status, next_action_url: answer.nextActionUrl || null };
    },
  );

  app.post<{ Params: SandboxIntentParams; Body: AuthenticateSandboxBody }>(
    '/v1/payments/sandbox/intents/:intentId/authenticate',
    { schema: authenticateSandboxSchema, config: { access: PUBLIC } },
    async (request) => {
      const answer = await authenticateSandboxPayment(downstreams, {
        providerPaymentId: request.params.intentId,
        clientSecret: request.body.client_secret,
        approve: request.body.approve,
      });
      return { status: answer.status };
    },
  );
};
