import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { refreshSession, signIn, signOut, signUp } from '../../domain/identity/use-cases/sessions.use-cases';
import { AUTHENTICATED, PUBLIC } from './access';
import { toTokenResponse, toUserResponse } from './auth.mappers';
import { logoutSchema, refreshSchema, signUpSchema, tokenSchema, type RefreshBody, type SignUpBody, type TokenBody } from './auth.schemas';
import { requireUser } from './authentication.plugin';
import type { RouteDeps } from './route-deps';

/** Answers that carry credentials must never be stored by a cache on the way (RFC 6749 §5.1). */
const noStore = (reply: FastifyReply) => void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');

export const authRoutes: FastifyPluginAsync<RouteDeps> = async (app, { identity }) => {
  app.post<{ Body: SignUpBody }>('/v1/auth/signup', { schema: signUpSchema, config: { access: PUBLIC } }, async (request, reply) => {
    const { email, password, display_name: displayName, locale } = request.body;
    const { user, tokens } = await signUp(identity, { email, password, displayName, locale });
    noStore(reply.code(201).header('location', '/v1/me'));
    return { user: toUserResponse(user), ...toTokenResponse(tokens) };
  });

  app.post<{ Body: TokenBody }>('/v1/auth/token', { schema: tokenSchema, config: { access: PUBLIC } }, async (request, reply) => {
    const tokens = await signIn(identity, request.body.email, request.body.password);
    noStore(reply);
    return toTokenResponse(tokens);
  });

  app.post<{ Body: RefreshBody }>('/v1/auth/refresh', { schema: refreshSchema, config: { access: PUBLIC } }, async (request, reply) => {
    const tokens = await refreshSession(identity, request.body.refresh_token, request.log);
    noStore(reply);
    return toTokenResponse(tokens);
  });

  /** Ends the session of the access token used: its refresh token and every access token of it stop working. */
  app.post('/v1/auth/logout', { schema: logoutSchema, config: { access: AUTHENTICATED } }, async (request, reply) => {
    await signOut(identity, requireUser(request).sessionId);
    return reply.code(204).send();
  });
};
