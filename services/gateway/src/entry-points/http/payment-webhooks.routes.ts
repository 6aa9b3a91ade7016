import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import { receiveWebhook } from '../../domain/payments.use-cases';
import { PUBLIC } from './access';
import { toGatewayError } from './http.errors';
import { receiveWebhookSchema, WEBHOOK_BODY_LIMIT_BYTES, type WebhookParams } from './payment-webhooks.schemas';
import { sendProblem } from './problem-errors.plugin';
import type { RouteDeps } from './route-deps';

const ANONYMOUS = { kind: 'anonymous' } as const;

/** Node gives header names lower-cased; a repeated header arrives as a list, joined as HTTP would fold it. */
function headerMap(headers: IncomingHttpHeaders): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) map[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return map;
}

/**
 * `POST /v1/payments/webhooks/{provider}`, in a scope of its own. Signatures are over the exact bytes
 * the provider sent, so here (and only here) every body is kept as a Buffer, never parsed as JSON, up
 * to its own limit. It is not rate limited: a provider's retries come in bursts from a few addresses and
 * must not be turned away as one anonymous client; the signature check in payment keeps strangers out.
 */
export const paymentWebhooksRoutes: FastifyPluginAsync<RouteDeps> = async (app, { downstreams }) => {
  app.removeAllContentTypeParsers();
  const keepBytes = { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT_BYTES } as const;
  app.addContentTypeParser('application/json', keepBytes, (_request, body, done) => done(null, body));
  app.addContentTypeParser('*', keepBytes, (_request, body, done) => done(null, body));
  // A body over the limit is told the limit of this route, not the API's usual one.
  app.setErrorHandler((error, request, reply) => sendProblem(request, reply, toGatewayError(error, WEBHOOK_BODY_LIMIT_BYTES), error));
  // Providers authenticate by signature. Credentials of their own (Adyen, for one, sends Basic auth)
  // are not ours to judge: forget what authentication made of them, so authorization sees a public caller.
  app.addHook('onRequest', async (request) => {
    request.caller = ANONYMOUS;
    request.principal = undefined;
    request.authenticationFailure = undefined;
  });

  app.post<{ Params: WebhookParams; Body: Buffer | undefined }>(
    '/v1/payments/webhooks/:provider',
    { schema: receiveWebhookSchema, bodyLimit: WEBHOOK_BODY_LIMIT_BYTES, config: { access: PUBLIC, rateLimit: false } },
    async (request) => {
      const answer = await receiveWebhook(downstreams, {
        provider: request.params.provider,
        headers: headerMap(request.headers),
        body: request.body ?? Buffer.alloc(0),
      });
      return { received: true, duplicate: answer.duplicate };
    },
  );
};
