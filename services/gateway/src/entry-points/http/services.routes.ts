import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '@omotenashi/errors';
import { createService, deleteService, getService, listServices, updateService } from '../../domain/services.use-cases';
import { MANAGERS, PUBLIC } from './access';
import type { BusinessParams } from './common.schemas';
import { parseFields, selectFields } from './field-selection';
import type { RouteDeps } from './route-deps';
import { toCreateServiceRequest, toServiceResponse, toUpdateServiceRequest } from './services.mappers';
import {
  createServiceSchema,
  deleteServiceSchema,
  getServiceSchema,
  listServicesSchema,
  serviceResponse,
  updateServiceSchema,
  type CreateServiceBody,
  type ListServicesQuery,
  type ServiceParams,
  type UpdateServiceBody,
} from './services.schemas';

/** An inactive service is, to the public, exactly like one that doesn't exist (catalog's own code). */
const serviceNotFound = () => new AppError('CATALOG.SERVICE_NOT_FOUND', 'Service was not found', { kind: 'not_found' });

export const servicesRoutes: FastifyPluginAsync<RouteDeps> = async (app, { downstreams }) => {
  app.post<{ Params: BusinessParams; Body: CreateServiceBody }>(
    '/v1/businesses/:businessId/services',
    { schema: createServiceSchema, config: { access: MANAGERS } },
    async (request, reply) => {
      const { businessId } = request.params;
      const service = await createService(downstreams, toCreateServiceRequest(businessId, request.body));
      void reply.code(201).header('location', `/v1/businesses/${businessId}/services/${service.id}`);
      return toServiceResponse(service, request.locale);
    },
  );

  // The menu is public; inactive services are shown only to the business's own people and keys.
  app.get<{ Params: BusinessParams; Querystring: ListServicesQuery }>(
    '/v1/businesses/:businessId/services',
    { schema: listServicesSchema, config: { access: PUBLIC } },
    async (request) => {
      const { businessId } = request.params;
      const selection = parseFields(request.query.fields, serviceResponse);
      const isMember = request.businessAccess?.businessId === businessId;
      const pager = app.cursors.tokenPager(`services:${businessId}`);
      const { limit, token } = pager.start(request.query);
      const answer = await listServices(downstreams, {
        businessId,
        isActive: isMember ? request.query.is_active : true,
        category: request.query.category ?? '',
        limit,
        cursor: token,
      });
      return selectFields(pager.page(answer.services.map((s) => toServiceResponse(s, request.locale)), answer.nextCursor), selection);
    },
  );

  app.get<{ Params: ServiceParams }>(
    '/v1/businesses/:businessId/services/:serviceId',
    { schema: getServiceSchema, config: { access: PUBLIC } },
    async (request) => {
      const service = await getService(downstreams, request.params);
      if (!service.isActive && request.businessAccess?.businessId !== request.params.businessId) throw serviceNotFound();
      return toServiceResponse(service, request.locale);
    },
  );

  app.patch<{ Params: ServiceParams; Body: UpdateServiceBody }>(
    '/v1/businesses/:businessId/services/:serviceId',
    { schema: updateServiceSchema, config: { access: MANAGERS } },
    async (request) => {
      const { businessId, serviceId } = request.params;
      return toServiceResponse(await updateService(downstreams, toUpdateServiceRequest(businessId, serviceId, request.body)), request.locale);
    },
  );

  app.delete<{ Params: ServiceParams }>(
    '/v1/businesses/:businessId/services/:serviceId',
    { schema: deleteServiceSchema, config: { access: MANAGERS } },
    async (request, reply) => {
      await deleteService(downstreams, request.params);
      return reply.code(204).send();
    },
  );
};
