import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Member, MemberRole } from '../../domain/identity/identity';
import { IdentityErrors } from '../../domain/identity/identity.errors';
import { addMember, changeMemberRole, listMembers, removeMember } from '../../domain/identity/use-cases/members.use-cases';
import { MANAGERS, MEMBERS, OWNERS } from './access';
import { requireUser } from './authentication.plugin';
import type { BusinessParams } from './common.schemas';
import {
  addMemberSchema,
  changeMemberSchema,
  listMembersSchema,
  removeMemberSchema,
  type AddMemberBody,
  type ChangeMemberBody,
  type MemberJson,
  type MemberParams,
} from './members.schemas';
import type { RouteDeps } from './route-deps';

const toMemberResponse = (member: Member): MemberJson => ({
  user_id: member.userId,
  email: member.email,
  display_name: member.displayName,
  role: member.role,
  created_at: member.createdAt.toISOString(),
});

/**
 * Who works in a business. People only: API keys can read business data but never change who has
 * access to it. The finer rules (managers add and remove staff, nobody removes the last owner) live in
 * the domain; the access declarations are the coarse gate.
 */
export const membersRoutes: FastifyPluginAsync<RouteDeps> = async (app, { identity }) => {
  app.get<{ Params: BusinessParams }>(
    '/v1/businesses/:businessId/members',
    { schema: listMembersSchema, config: { access: MANAGERS } },
    async (request) => {
      requireUser(request);
      return { data: (await listMembers(identity, request.params.businessId)).map(toMemberResponse), next_cursor: null };
    },
  );

  app.post<{ Params: BusinessParams; Body: AddMemberBody }>(
    '/v1/businesses/:businessId/members',
    { schema: addMemberSchema, config: { access: MANAGERS } },
    async (request, reply) => {
      const { businessId } = request.params;
      const actor = { userId: requireUser(request).userId, role: memberRole(request) };
      const member = await addMember(identity, businessId, actor, request.body);
      void reply.code(201).header('location', `/v1/businesses/${businessId}/members/${member.userId}`);
      return toMemberResponse(member);
    },
  );

  app.patch<{ Params: MemberParams; Body: ChangeMemberBody }>(
    '/v1/businesses/:businessId/members/:userId',
    { schema: changeMemberSchema, config: { access: OWNERS } },
    async (request) => {
      const { businessId, userId } = request.params;
      return toMemberResponse(await changeMemberRole(identity, businessId, requireUser(request).userId, userId, request.body.role));
    },
  );

  // Staff may leave (remove themselves); managers remove staff; owners remove anyone but the last owner.
  app.delete<{ Params: MemberParams }>(
    '/v1/businesses/:businessId/members/:userId',
    { schema: removeMemberSchema, config: { access: MEMBERS } },
    async (request, reply) => {
      const { businessId, userId } = request.params;
      await removeMember(identity, businessId, requireUser(request).userId, userId);
      return reply.code(204).send();
    },
  );
};

function memberRole(request: FastifyRequest): MemberRole {
  const role = request.businessAccess?.role;
  if (!role || role === 'api_key') throw IdentityErrors.userRequired();
  return role;
}
