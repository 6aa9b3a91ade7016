import type { FastifyPluginAsync } from 'fastify';
import { getHours, replaceHours } from '../../domain/hours.use-cases';
import { MANAGERS, PUBLIC } from './access';
import type { BusinessParams } from './common.schemas';
import { toHoursResponse, toSetHoursRequest } from './hours.mappers';
import { getHoursSchema, putHoursSchema, type HoursJson } from './hours.schemas';
import type { RouteDeps } from './route-deps';

export const hoursRoutes: FastifyPluginAsync<RouteDeps> = async (app, { downstreams }) => {
  // Opening hours are public information: booking pages show them.
  app.get<{ Params: BusinessParams }>('/v1/businesses/:businessId/hours', { schema: getHoursSchema, config: { access: PUBLIC } }, async (request) =>
    toHoursResponse(await getHours(downstreams, request.params.businessId)),
  );

  app.put<{ Params: BusinessParams; Body: HoursJson }>(
    '/v1/businesses/:businessId/hours',
    { schema: putHoursSchema, config: { access: MANAGERS } },
    async (request) => toHoursResponse(await replaceHours(downstreams, toSetHoursRequest(request.params.businessId, request.body))),
  );
};
