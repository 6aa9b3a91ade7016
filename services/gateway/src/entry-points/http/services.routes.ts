import type { FastifyPluginAsync } from 'fastify';
import { createService, getService } from '../../domain/services.use-cases';
import type { BusinessParams } from './common.schemas';
import type { RouteDeps } from './route-deps';
import { toCreateServiceRequest, toServiceResponse } from './services.mappers';
import { createServiceSchema, getServiceSchema, type CreateServiceBody, type ServiceParams } from './services.schemas';

export const servicesRoutes: FastifyPluginAsync<RouteDeps> = async (app, { downstreams }) => {
  app.post<{ Params: BusinessParams; Body: CreateServiceBody }>(
    '/v1/businesses/:businessId/services',
    { schema: createServiceSchema },
    async (request, reply) => {
      const { businessId } = request.params;
      const service = await createService(downstreams, toCreateServiceRequest(businessId, request.body));
      void reply.code(201).header('location', `/v1/businesses/${businessId}/services/${service.id}`);
      return toServiceResponse(service);
    },
  );

  app.get<{ Params: ServiceParams }>(
    '/v1/businesses/:businessId/services/:serviceId',
    { schema: getServiceSchema },
    async (request) => toServiceResponse(await getService(downstreams, request.params)),
  );
};
