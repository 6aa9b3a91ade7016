import { REQUEST_ID_HEADER, runWithContext, type RequestContext } from '@omotenashi/logging';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyRequest {
    /** What logs and outgoing gRPC metadata carry for this request. */
    requestContext: RequestContext | null;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Gives every request an id (the caller's `x-request-id` when sane, see genReqId in app.ts), echoes it,
 * and runs the request inside that context so every log line and downstream call carries it.
 */
export const requestContextPlugin = fp(
  async (app) => {
    app.decorateRequest('requestContext', null);

    app.addHook('onRequest', (request, reply, done) => {
      request.requestContext = { requestId: request.id, businessId: businessIdOf(request) };
      void reply.header(REQUEST_ID_HEADER, request.id);
      runWithContext(request.requestContext, done);
    });

    // The body arrives through stream events, which don't carry the async context: enter it again.
    app.addHook('preValidation', (request, _reply, done) => {
      inRequestContext(request, done);
    });

    app.addHook('onResponse', (request, reply, done) => {
      inRequestContext(request, () =>
        request.log.info(
          {
            method: request.method,
            route: request.routeOptions.url,
            status_code: reply.statusCode,
            duration_ms: Math.round(reply.elapsedTime * 10) / 10,
          },
          'request completed',
        ),
      );
      done();
    });
  },
  { name: 'request-context' },
);

export function inRequestContext<T>(request: FastifyRequest, fn: () => T): T {
  return runWithContext(request.requestContext ?? { requestId: request.id }, fn);
}

/** The tenant named in the path, once it looks like an id (never log or forward arbitrary text). */
function businessIdOf(request: FastifyRequest): string | undefined {
  const candidate = (request.params as { businessId?: unknown } | undefined)?.businessId;
  return typeof candidate === 'string' && UUID.test(candidate) ? candidate : undefined;
}
