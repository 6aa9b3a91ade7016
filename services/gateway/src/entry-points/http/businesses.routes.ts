import type { FastifyPluginAsync } from 'fastify';
import { createBusiness, deleteBusiness, getBusinessByIdOrSlug, listBusinesses, updateBusiness } from '../../domain/businesses.use-cases';
import { makeOwner } from '../../domain/identity/use-cases/members.use-cases';
import { AUTHENTICATED, MANAGERS, OWNERS, PUBLIC } from './access';
import { requireUser } from './authentication.plugin';
import { toBusinessResponse, toCreateBusinessRequest, toUpdateBusinessRequest } from './businesses.mappers';
import {
  businessResponse,
  createBusinessSchema,
  deleteBusinessSchema,
  getBusinessSchema,
  listBusinessesSchema,
  updateBusinessSchema,
  type CreateBusinessBody,
  type ListBusinessesQuery,
  type UpdateBusinessBody,
} from './businesses.schemas';
import type { BusinessParams } from './common.schemas';
import { parseFields, selectFields } from './field-selection';
import type { RouteDeps } from './route-deps';

export const businessesRoutes: FastifyPluginAsync<RouteDeps> = async (app, { downstreams, identity }) => {
  // Any signed-in person may open a business and becomes its owner; API keys belong to a business and can't.
  app.post<{ Body: CreateBusinessBody }>('/v1/businesses', { schema: createBusinessSchema, config: { access: AUTHENTICATED } }, async (request, reply) => {
    const ownerUserId = requireUser(request).userId;
    const business = await createBusiness(downstreams, { ...toCreateBusinessRequest(request.body), ownerUserId });
    await makeOwner(identity, business.id, ownerUserId);
    void reply.code(201).header('location', `/v1/businesses/${business.id}`);
    return toBusinessResponse(business, request.locale);
  });

  // The public directory: search by Japanese or English name, filter by category.
  app.get<{ Querystring: ListBusinessesQuery }>('/v1/businesses', { schema: listBusinessesSchema, config: { access: PUBLIC } }, async (request) => {
    const selection = parseFields(request.query.fields, businessResponse);
    const pager = app.cursors.tokenPager('businesses');
    const { limit, token } = pager.start(request.query);
    const { q = '', category = '' } = request.query;
    const answer = await listBusinesses(downstreams, { query: q, category, limit, cursor: token });
    const page = pager.page(answer.businesses.map((business) => toBusinessResponse(business, request.locale)), answer.nextCursor);
    return selectFields(page, selection);
  });

  app.get<{ Params: BusinessParams }>('/v1/businesses/:businessId', { schema: getBusinessSchema, config: { access: PUBLIC } }, async (request) => {
    return toBusinessResponse(await getBusinessByIdOrSlug(downstreams, request.params.businessId), request.locale);
  });

  app.patch<{ Params: BusinessParams; Body: UpdateBusinessBody }>(
    '/v1/businesses/:businessId',
    { schema: updateBusinessSchema, config: { access: MANAGERS } },
    async (request) => {
      const business = await updateBusiness(downstreams, toUpdateBusinessRequest(request.params.businessId, request.body));
      return toBusinessResponse(business, request.locale);
    },
  );

  // Closing a whole business is the owner's decision, not a manager's.
  app.delete<{ Params: BusinessParams }>(
    '/v1/businesses/:businessId',
    { schema: deleteBusinessSchema, config: { access: OWNERS } },
    async (request, reply) => {
      await deleteBusiness(downstreams, request.params.businessId);
      return reply.code(204).send();
    },
  );
};
