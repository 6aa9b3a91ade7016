import type { FastifyPluginAsync } from 'fastify';
import type { bookingV1 } from '@omotenashi/proto';
import { getAvailability } from '../../domain/availability.use-cases';
import { FreshCoalescer } from '../../downstream/fresh-coalescer';
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

/** Every field of the question: identical questions asked at the same moment share one gRPC call. */
const questionKey = (q: bookingV1.GetAvailabilityRequest) => [q.businessId, q.serviceId, q.date, q.days, q.staffId, q.partySize].join('|');

export const availabilityRoutes: FastifyPluginAsync<RouteDeps> = async (app, { downstreams }) => {
  // A popular page asked by many at once costs one call in flight (and one queued) instead of one each;
  // answers never predate the request (see FreshCoalescer), and they don't depend on who asks.
  const coalescer = new FreshCoalescer<bookingV1.AvailableSlot[]>();
  // Booking pages show free slots to anyone, signed in or not.
  app.get<{ Params: BusinessParams; Querystring: AvailabilityQuery }>(
    '/v1/businesses/:businessId/availability',
    { schema: getAvailabilitySchema, config: { access: PUBLIC } },
    async (request, reply) => {
      const question = toAvailabilityRequest(request.params.businessId, request.query);
      const slots = await coalescer.run(questionKey(question), () => getAvailability(downstreams, question));
      void reply.header('cache-control', CACHE_CONTROL);
      return toSlotsResponse(slots);
    },
  );
};
