import type { FastifyPluginAsync } from 'fastify';
import type { ApiKey } from '../../domain/identity/identity';
import { createApiKey, listApiKeys, revokeApiKey } from '../../domain/identity/use-cases/api-keys.use-cases';
import { MANAGERS } from './access';
import { createApiKeySchema, listApiKeysSchema, revokeApiKeySchema, type ApiKeyJson, type ApiKeyParams, type CreateApiKeyBody } from './api-keys.schemas';
import { requireUser } from './authentication.plugin';
import type { BusinessParams } from './common.schemas';
import type { RouteDeps } from './route-deps';

const toApiKeyResponse = (key: ApiKey): ApiKeyJson => ({
  id: key.id,
  business_id: key.businessId,
  name: key.name,
  prefix: key.prefix,
  created_by: key.createdBy,
  created_at: key.createdAt.toISOString(),
  last_used_at: key.lastUsedAt?.toISOString() ?? null,
  revoked_at: key.revokedAt?.toISOString() ?? null,
});

/** A business's API keys, managed by its owners and managers in person: a key can't mint or revoke keys. */
export const apiKeysRoutes: FastifyPluginAsync<RouteDeps> = async (app, { identity }) => {
  app.get<{ Params: BusinessParams }>(
    '/v1/businesses/:businessId/api-keys',
    { schema: listApiKeysSchema, config: { access: MANAGERS } },
    async (request) => {
      requireUser(request);
      return { data: (await listApiKeys(identity, request.params.businessId)).map(toApiKeyResponse), next_cursor: null };
    },
  );

  app.post<{ Params: BusinessParams; Body: CreateApiKeyBody }>(
    '/v1/businesses/:businessId/api-keys',
    { schema: createApiKeySchema, config: { access: MANAGERS } },
    async (request, reply) => {
      const { businessId } = request.params;
      const { apiKey, key } = await createApiKey(identity, { businessId, name: request.body.name, createdBy: requireUser(request).userId });
      void reply.code(201).header('cache-control', 'no-store');
      return { ...toApiKeyResponse(apiKey), key };
    },
  );

  app.delete<{ Params: ApiKeyParams }>(
    '/v1/businesses/:businessId/api-keys/:keyId',
    { schema: revokeApiKeySchema, config: { access: MANAGERS } },
    async (request, reply) => {
      requireUser(request);
      await revokeApiKey(identity, request.params.businessId, request.params.keyId);
      return reply.code(204).send();
    },
  );
};
