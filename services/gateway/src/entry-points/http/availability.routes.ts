import type { FastifyPluginAsync } from 'fastify';
import { getAvailability } from '../../domain/availability.use-cases';
import { PUBLIC } from './access';
import { toAvailabilityRequest, toSlotsResponse } from './availability.mappers';
import { getAvailabilitySchema, type AvailabilityQuery } from './availability.schemas';
import type { BusinessParams } from './common.schemas';
import type { RouteDeps } from './route-deps';

/**
 * Half the booking service's 60 s cache: browsers and CDNs may reuse an answer briefly, and a slot taken
 * meanwhile is still refused when booked (409 BOOKING.SLOT_TAKEN).
 */
const CACHE_CONTROL = 'public, max-age=30';

export const availabilityRoutes: FastifyPluginAsync<RouteDeps> = async (app, { downstreams }) => {
  // Booking pages show free slots to anyone, signed in or not.
  app.get<{ Params: BusinessParams; Querystring: AvailabilityQuery }>(
    '/v1/businesses/:businessId/availability',
    { schema: getAvailabilitySchema, config: { access: PUBLIC } },
    async (request, reply) => {
      const slots = await getAvailability(downstreams, toAvailabilityRequest(request.params.businessId, request.query));
      void reply.header('cache-control', CACHE_CONTROL);
      return toSlotsResponse(slots);
    },
  );
};
