import type { FastifyPluginAsync } from 'fastify';
import { createResource, deleteResource, getResource, listResources, updateResource } from '../../domain/resources.use-cases';
import { MANAGERS, PUBLIC } from './access';
import type { BusinessParams } from './common.schemas';
import { parseFields, selectFields } from './field-selection';
import { toCreateResourceRequest, toResourceResponse, toUpdateResourceRequest } from './resources.mappers';
import {
  createResourceSchema,
  deleteResourceSchema,
  getResourceSchema,
  listResourcesSchema,
  resourceResponse,
  updateResourceSchema,
  type CreateResourceBody,
  type ListResourcesQuery,
  type ResourceParams,
  type UpdateResourceBody,
} from './resources.schemas';
import type { RouteDeps } from './route-deps';

export const resourcesRoutes: FastifyPluginAsync<RouteDeps> = async (app, { downstreams }) => {
  app.post<{ Params: BusinessParams; Body: CreateResourceBody }>(
    '/v1/businesses/:businessId/resources',
    { schema: createResourceSchema, config: { access: MANAGERS } },
    async (request, reply) => {
      const { businessId } = request.params;
      const resource = await createResource(downstreams, toCreateResourceRequest(businessId, request.body));
      void reply.code(201).header('location', `/v1/businesses/${businessId}/resources/${resource.id}`);
      return toResourceResponse(resource, request.locale);
    },
  );

  // Public: booking pages may show the rooms or seats a customer can pick from.
  app.get<{ Params: BusinessParams; Querystring: ListResourcesQuery }>(
    '/v1/businesses/:businessId/resources',
    { schema: listResourcesSchema, config: { access: PUBLIC } },
    async (request) => {
      const { businessId } = request.params;
      const selection = parseFields(request.query.fields, resourceResponse);
      const pager = app.cursors.tokenPager(`resources:${businessId}`);
      const { limit, token } = pager.start(request.query);
      const answer = await listResources(downstreams, {
        businessId,
        kind: request.query.kind ?? '',
        isActive: request.query.is_active,
        limit,
        cursor: token,
      });
      return selectFields(pager.page(answer.resources.map((r) => toResourceResponse(r, request.locale)), answer.nextCursor), selection);
    },
  );

  app.get<{ Params: ResourceParams }>(
    '/v1/businesses/:businessId/resources/:resourceId',
    { schema: getResourceSchema, config: { access: PUBLIC } },
    async (request) => toResourceResponse(await getResource(downstreams, request.params), request.locale),
  );

  app.patch<{ Params: ResourceParams; Body: UpdateResourceBody }>(
    '/v1/businesses/:businessId/resources/:resourceId',
    { schema: updateResourceSchema, config: { access: MANAGERS } },
    async (request) => {
      const { businessId, resourceId } = request.params;
      return toResourceResponse(await updateResource(downstreams, toUpdateResourceRequest(businessId, resourceId, request.body)), request.locale);
    },
  );

  app.delete<{ Params: ResourceParams }>(
    '/v1/businesses/:businessId/resources/:resourceId',
    { schema: deleteResourceSchema, config: { access: MANAGERS } },
    async (request, reply) => {
      await deleteResource(downstreams, request.params);
      return reply.code(204).send();
    },
  );
};
