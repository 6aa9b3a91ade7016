import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { createBooking, getBooking } from '../../domain/bookings.use-cases';
import { toBookingResponse, toCreateBookingRequest } from './bookings.mappers';
import { createBookingSchema, getBookingSchema, type BookingParams, type CreateBookingBody } from './bookings.schemas';
import type { BusinessParams } from './common.schemas';
import type { RouteDeps } from './route-deps';

export const bookingsRoutes: FastifyPluginAsync<RouteDeps> = async (app, { downstreams }) => {
  app.post<{ Params: BusinessParams; Body: CreateBookingBody }>(
    '/v1/businesses/:businessId/bookings',
    { schema: createBookingSchema },
    async (request, reply) => {
      const { businessId } = request.params;
      const booking = await createBooking(downstreams, toCreateBookingRequest(businessId, request.body, idempotencyOf(request)));
      void reply.code(201).header('location', `/v1/businesses/${businessId}/bookings/${booking.id}`);
      return toBookingResponse(booking);
    },
  );

  app.get<{ Params: BookingParams }>(
    '/v1/businesses/:businessId/bookings/:bookingId',
    { schema: getBookingSchema },
    async (request) => toBookingResponse(await getBooking(downstreams, request.params)),
  );
};

/** Keys belong to their caller: a user, an API key, or for guests their address. */
function idempotencyOf(request: FastifyRequest) {
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header.join(',') : (header ?? '');
  const caller = request.caller;
  const scope =
    caller?.kind === 'user' ? `user:${caller.userId}` : caller?.kind === 'api_key' ? `api_key:${caller.apiKeyId}` : `guest:${request.ip}`;
  return { key, scope };
}
