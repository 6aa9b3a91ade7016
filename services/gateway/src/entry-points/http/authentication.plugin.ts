import { isAppError, type AppError } from '@omotenashi/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { IdentityErrors } from '../../domain/identity/identity.errors';
import { authenticateBearer, type Principal } from '../../domain/identity/use-cases/authenticate.use-case';
import type { IdentityDeps } from '../../domain/identity/use-cases/identity-deps';
import type { Caller } from './auth-context';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated principal behind `caller`, with what authorization needs (token expiry). */
    principal?: Principal;
    /** Credentials were sent but did not authenticate; authorization answers 401 with it. */
    authenticationFailure?: AppError;
  }
}

export interface AuthenticationOptions {
  identity: IdentityDeps;
}

const ANONYMOUS: Caller = { kind: 'anonymous' };
const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i;
const REALM = 'Bearer realm="omotenashi"';

/**
 * Resolves `request.caller` from `Authorization: Bearer <access token | omk_ API key>` in onRequest,
 * first in the /v1 scope (rate limits read the caller). No header: anonymous, and the route's access
 * declaration decides. A header that doesn't authenticate leaves the caller anonymous here — so the
 * rate limiter counts the attempt against the client's IP — and authorization then answers 401 on
 * every route, never a silent downgrade to anonymous.
 */
export const authenticationPlugin = fp<AuthenticationOptions>(
  async (app, { identity }) => {
    if (!app.hasRequestDecorator('caller')) app.decorateRequest('caller', null as never);
    app.decorateRequest('principal', undefined);
    app.decorateRequest('authenticationFailure', undefined);

    app.addHook('onRequest', async (request) => {
      request.caller = ANONYMOUS;
      const header = request.headers.authorization;
      if (header === undefined) return;
      try {
        const token = BEARER.exec(header)?.[1];
        if (!token) throw IdentityErrors.malformedAuthorization();
        const principal = await authenticateBearer(identity, token);
        request.principal = principal;
        request.caller = toCaller(principal);
      } catch (error) {
        if (!isAppError(error) || error.kind !== 'unauthenticated') throw error;
        request.authenticationFailure = error;
      }
    });
  },
  { name: 'authentication' },
);

function toCaller(principal: Principal): Caller {
  return principal.kind === 'user'
    ? { kind: 'user', userId: principal.userId, sessionId: principal.sessionId, email: principal.email }
    : { kind: 'api_key', apiKeyId: principal.apiKeyId, businessId: principal.businessId };
}

/** RFC 6750 error of each 401: none when no credentials came, `invalid_token` for any that failed. */
const CHALLENGE_ERRORS: Record<string, string | undefined> = {
  'IDENTITY.UNAUTHENTICATED': undefined,
  'IDENTITY.INVALID_AUTHORIZATION': 'invalid_request',
};

/** Sets the `WWW-Authenticate` challenge of a 401 and returns the error to throw. */
export function unauthenticated(reply: FastifyReply, error: AppError = IdentityErrors.credentialsMissing()): AppError {
  const kind = error.code in CHALLENGE_ERRORS ? CHALLENGE_ERRORS[error.code] : 'invalid_token';
  void reply.header('www-authenticate', kind ? `${REALM}, error="${kind}", error_description="${error.message}"` : REALM);
  return error;
}

/** The signed-in person behind the request; API keys (and anonymous callers) are refused with 403. */
export function requireUser(request: FastifyRequest): Extract<Principal, { kind: 'user' }> {
  const principal = request.principal;
  if (principal?.kind !== 'user') throw IdentityErrors.userRequired();
  return principal;
}
