import { PROBLEM_CONTENT_TYPE, type AppError } from '@omotenashi/errors';
import { REQUEST_ID_HEADER } from '@omotenashi/logging';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpErrors, toGatewayError, toHttpProblem } from './http.errors';
import { inRequestContext } from './request-context.plugin';

export interface ProblemErrorsOptions {
  bodyLimit: number;
}

/** Every error — thrown, from Fastify itself, or an unknown route — leaves as RFC 9457 problem+json. */
export const problemErrorsPlugin = fp<ProblemErrorsOptions>(
  async (app, { bodyLimit }) => {
    app.setErrorHandler((error, request, reply) => sendProblem(request, reply, toGatewayError(error, bodyLimit), error));
    app.setNotFoundHandler((request, reply) =>
      sendProblem(request, reply, HttpErrors.routeNotFound(request.method, pathOf(request.url))),
    );
  },
  { name: 'problem-errors' },
);

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  error: AppError,
  thrown: unknown = error,
  extensions: Record<string, unknown> = {},
): FastifyReply {
  const problem = { ...toHttpProblem(error, request.id), ...extensions };
  inRequestContext(request, () => {
    if (problem.status >= 500 && error.kind === 'internal') request.log.error({ err: thrown }, 'request failed');
    else if (problem.status >= 500) request.log.warn({ code: problem.code, detail: problem.detail }, 'request failed');
    else request.log.info({ code: problem.code, status: problem.status }, 'request rejected');
  });
  if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
  // Serialized here, so no route's response schema can reshape or drop a problem's fields.
  return reply
    .code(problem.status)
    .header(REQUEST_ID_HEADER, request.id)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem));
}

function pathOf(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}
