import type { FastifyPluginAsync } from 'fastify';
import {
  approveBooking,
  cancelBooking,
  completeBooking,
  createBooking,
  getBooking,
  listBookings,
  markNoShow,
  rescheduleBooking,
} from '../../domain/bookings.use-cases';
import { MANAGERS, MEMBERS, PUBLIC } from './access';
import { bookingActorOf, businessActorOf, idempotencyOf, requireBusinessActor } from './bookings.actor';
import {
  toBookingResponse,
  toCancelledBookingResponse,
  toCreateBookingRequest,
  toCreatedBookingResponse,
  toListBookingsRequest,
} from './bookings.mappers';
import {
  bookingActionSchema,
  cancelBookingSchema,
  rescheduleBookingSchema,
  type CancelBookingBody,
  type RescheduleBookingBody,
} from './bookings.changes.schemas';
import {
  bookingResponse,
  createBookingSchema,
  getBookingSchema,
  listBookingsSchema,
  type BookingParams,
  type CreateBookingBody,
  type ListBookingsQuery,
} from './bookings.schemas';
import type { BusinessParams } from './common.schemas';
import { parseFields, selectFields } from './field-selection';
import type { RouteDeps } from './route-deps';

export const bookingsRoutes: FastifyPluginAsync<RouteDeps> = async (app, { downstreams }) => {
  // Guests book without an account; the business's own people and keys book for their customers.
  app.post<{ Params: BusinessParams; Body: CreateBookingBody }>(
    '/v1/businesses/:businessId/bookings',
    { schema: createBookingSchema, config: { access: PUBLIC } },
    async (request, reply) => {
      const { businessId } = request.params;
      const created = await createBooking(downstreams, toCreateBookingRequest(businessId, request.body, idempotencyOf(request)));
      void reply.code(201).header('location', `/v1/businesses/${businessId}/bookings/${created.booking.id}`);
      return toCreatedBookingResponse(created, !businessActorOf(request, businessId));
    },
  );

  app.get<{ Params: BusinessParams; Querystring: ListBookingsQuery }>(
    '/v1/businesses/:businessId/bookings',
    { schema: listBookingsSchema, config: { access: MEMBERS } },
    async (request) => {
      const { businessId } = request.params;
      const selection = parseFields(request.query.fields, bookingResponse);
      const pager = app.cursors.tokenPager(`bookings:${businessId}`);
      const page = pager.start(request.query);
      const actor = requireBusinessActor(request, businessId);
      const answer = await listBookings(downstreams, toListBookingsRequest(businessId, request.query, actor, page));
      return selectFields(pager.page(answer.bookings.map(toBookingResponse), answer.nextCursor), selection);
    },
  );

  app.get<{ Params: BookingParams }>(
    '/v1/businesses/:businessId/bookings/:bookingId',
    { schema: getBookingSchema, config: { access: MEMBERS } },
    async (request) => toBookingResponse(await getBooking(downstreams, { ...request.params, actor: undefined })),
  );

  // Public: a member or key acts for the business; a guest shows the booking's token (X-Manage-Token).
  app.post<{ Params: BookingParams; Body: CancelBookingBody }>(
    '/v1/businesses/:businessId/bookings/:bookingId/cancel',
    { schema: cancelBookingSchema, config: { access: PUBLIC } },
    async (request) => {
      const { businessId, bookingId } = request.params;
      const actor = bookingActorOf(request, businessId);
      const cancelled = await cancelBooking(downstreams, { businessId, bookingId, actor, reason: request.body?.reason ?? '', expectedStatus: '' });
      return toCancelledBookingResponse(cancelled);
    },
  );

  app.post<{ Params: BookingParams; Body: RescheduleBookingBody }>(
    '/v1/businesses/:businessId/bookings/:bookingId/reschedule',
    { schema: rescheduleBookingSchema, config: { access: PUBLIC } },
    async (request) => {
      const { businessId, bookingId } = request.params;
      const actor = bookingActorOf(request, businessId);
      return toBookingResponse(await rescheduleBooking(downstreams, { businessId, bookingId, actor, startsAt: request.body.starts_at }));
    },
  );

  // The business's decisions: accepting a request is a manager's; recording how a visit went, any member's.
  const actions = [
    { path: 'approve', access: MANAGERS, run: approveBooking },
    { path: 'complete', access: MEMBERS, run: completeBooking },
    { path: 'no-show', access: MEMBERS, run: markNoShow },
  ] as const;
  for (const action of actions) {
    app.post<{ Params: BookingParams }>(
      `/v1/businesses/:businessId/bookings/:bookingId/${action.path}`,
      { schema: bookingActionSchema, config: { access: action.access } },
      async (request) => {
        const { businessId, bookingId } = request.params;
        const actor = requireBusinessActor(request, businessId);
        return toBookingResponse(await action.run(downstreams, { businessId, bookingId, actor }));
      },
    );
  }
};
