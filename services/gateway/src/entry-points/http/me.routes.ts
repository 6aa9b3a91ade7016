import type { FastifyPluginAsync } from 'fastify';
import { getMe } from '../../domain/identity/use-cases/me.use-case';
import { AUTHENTICATED } from './access';
import { toUserResponse } from './auth.mappers';
import { requireUser } from './authentication.plugin';
import { meSchema, type MembershipJson } from './me.schemas';
import type { RouteDeps } from './route-deps';

/** The signed-in person and their businesses; API keys have no "me" (403 IDENTITY.USER_REQUIRED). */
export const meRoutes: FastifyPluginAsync<RouteDeps> = async (app, { identity }) => {
  app.get('/v1/me', { schema: meSchema, config: { access: AUTHENTICATED } }, async (request) => {
    const user = requireUser(request);
    const me = await getMe(identity, user.userId, user.expiresAt);
    return {
      user: toUserResponse(me.user),
      memberships: me.memberships.map(
        (m): MembershipJson => ({ business_id: m.businessId, role: m.role, created_at: m.createdAt.toISOString() }),
      ),
    };
  });
};
