import type { FastifyPluginAsync } from 'fastify';
import { createBusiness, getBusiness } from '../../domain/businesses.use-cases';
import { toBusinessResponse, toCreateBusinessRequest } from './businesses.mappers';
import { createBusinessSchema, getBusinessSchema, type CreateBusinessBody } from './businesses.schemas';
import type { BusinessParams } from './common.schemas';
import type { RouteDeps } from './route-deps';

export const businessesRoutes: FastifyPluginAsync<RouteDeps> = async (app, { downstreams }) => {
  app.post<{ Body: CreateBusinessBody }>('/v1/businesses', { schema: createBusinessSchema }, async (request, reply) => {
    const business = await createBusiness(downstreams, toCreateBusinessRequest(request.body));
    void reply.code(201).header('location', `/v1/businesses/${business.id}`);
    return toBusinessResponse(business);
  });

  app.get<{ Params: BusinessParams }>('/v1/businesses/:businessId', { schema: getBusinessSchema }, async (request) => {
    const business = await getBusiness(downstreams, request.params.businessId);
    return toBusinessResponse(business);
  });
};
