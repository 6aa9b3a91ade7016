import type { FastifyPluginAsync } from 'fastify';
import { createClosure, deleteClosure, listClosures } from '../../domain/hours.use-cases';
import { MANAGERS, PUBLIC } from './access';
import { toClosureResponse, toCreateClosureRequest } from './closures.mappers';
import {
  createClosureSchema,
  deleteClosureSchema,
  listClosuresSchema,
  type ClosureParams,
  type CreateClosureBody,
  type ListClosuresQuery,
} from './closures.schemas';
import type { BusinessParams } from './common.schemas';
import type { RouteDeps } from './route-deps';

/** Closures and special days: a business's year is short enough to list in one answer. */
export const closuresRoutes: FastifyPluginAsync<RouteDeps> = async (app, { downstreams }) => {
  // Public like the hours: booking pages announce 臨時休業 and shortened days.
  app.get<{ Params: BusinessParams; Querystring: ListClosuresQuery }>(
    '/v1/businesses/:businessId/closures',
    { schema: listClosuresSchema, config: { access: PUBLIC } },
    async (request) => {
      const { from = '', to = '' } = request.query;
      const closures = await listClosures(downstreams, { businessId: request.params.businessId, fromDate: from, toDate: to });
      return { data: closures.map(toClosureResponse), next_cursor: null };
    },
  );

  app.post<{ Params: BusinessParams; Body: CreateClosureBody }>(
    '/v1/businesses/:businessId/closures',
    { schema: createClosureSchema, config: { access: MANAGERS } },
    async (request, reply) => {
      const { businessId } = request.params;
      const closure = await createClosure(downstreams, toCreateClosureRequest(businessId, request.body));
      void reply.code(201).header('location', `/v1/businesses/${businessId}/closures/${closure.id}`);
      return toClosureResponse(closure);
    },
  );

  app.delete<{ Params: ClosureParams }>(
    '/v1/businesses/:businessId/closures/:closureId',
    { schema: deleteClosureSchema, config: { access: MANAGERS } },
    async (request, reply) => {
      await deleteClosure(downstreams, request.params);
      return reply.code(204).send();
    },
  );
};
