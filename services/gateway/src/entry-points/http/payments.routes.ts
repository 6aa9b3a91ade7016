import type { FastifyPluginAsync } from 'fastify';
import { getPayment, listBookingPayments, refundPayment, startPayment } from '../../domain/payments.use-cases';
import { MANAGERS, MEMBERS, PUBLIC } from './access';
import { bookingActorOf, requireBusinessActor } from './bookings.actor';
import type { BookingParams } from './bookings.schemas';
import { toPaymentResponse, toRefundedPaymentResponse } from './payments.mappers';
import {
  getPaymentSchema,
  listBookingPaymentsSchema,
  refundPaymentSchema,
  startPaymentSchema,
  type PaymentParams,
  type RefundPaymentBody,
  type StartPaymentBody,
} from './payments.schemas';
import type { RouteDeps } from './route-deps';

/** Answers that carry a client secret are the payer's alone: no shared cache may keep them. */
const NO_STORE = 'no-store';

/**
 * A booking's payments. Starting and reading them is public in the cancel route's way: a member or
 * key acts for the business; anyone else is a guest who shows the booking's X-Manage-Token, which
 * booking checks before payment is asked. Single payments and refunds are the business's.
 */
export const paymentsRoutes: FastifyPluginAsync<RouteDeps> = async (app, { downstreams }) => {
  app.post<{ Params: BookingParams; Body: StartPaymentBody }>(
    '/v1/businesses/:businessId/bookings/:bookingId/payments',
    {
      schema: {
        ...startPaymentSchema,
        description:
          "Starts the booking's prepayment (a deposit or the full price, as its policy says) with the provider, or returns the one in progress: 201 when created, 200 when it already existed, never a second charge. Confirm it with client_secret (Stripe.js, or the sandbox confirm route); the booking is confirmed once the provider reports the payment succeeded.",
      },
      config: { access: PUBLIC },
    },
    async (request, reply) => {
      const { businessId, bookingId } = request.params;
      const actor = bookingActorOf(request, businessId);
      const started = await startPayment(downstreams, actor, { businessId, bookingId, provider: request.body?.provider ?? '' });
      void reply.code(started.created ? 201 : 200).header('cache-control', NO_STORE);
      if (started.created) void reply.header('location', `/v1/businesses/${businessId}/payments/${started.payment.id}`);
      return toPaymentResponse(started.payment, true);
    },
  );

  app.get<{ Params: BookingParams }>(
    '/v1/businesses/:businessId/bookings/:bookingId/payments',
    { schema: listBookingPaymentsSchema, config: { access: PUBLIC } },
    async (request, reply) => {
      const { businessId, bookingId } = request.params;
      const actor = bookingActorOf(request, businessId);
      const payments = await listBookingPayments(downstreams, actor, { businessId, bookingId });
      // The guest is the payer: they may need the secret to finish a payment they started elsewhere.
      const forPayer = actor.kind === 'guest';
      if (forPayer) void reply.header('cache-control', NO_STORE);
      return { data: payments.map((payment) => toPaymentResponse(payment, forPayer)), next_cursor: null };
    },
  );

  app.get<{ Params: PaymentParams }>(
    '/v1/businesses/:businessId/payments/:paymentId',
    { schema: getPaymentSchema, config: { access: MEMBERS } },
    async (request) => toPaymentResponse(await getPayment(downstreams, request.params), false),
  );

  app.post<{ Params: PaymentParams; Body: RefundPaymentBody }>(
    '/v1/businesses/:businessId/payments/:paymentId/refund',
    {
      schema: {
        ...refundPaymentSchema,
        description: 'Gives back part or all of what the payment captured, through its provider. Without an amount, everything not yet refunded.',
      },
      config: { access: MANAGERS },
    },
    async (request, reply) => {
      const { businessId, paymentId } = request.params;
      const actor = requireBusinessActor(request, businessId);
      const header = request.headers['idempotency-key'];
      const refunded = await refundPayment(downstreams, {
        businessId,
        paymentId,
        amount: request.body?.amount ?? 0,
        note: request.body?.note ?? '',
        idempotencyKey: Array.isArray(header) ? header.join(',') : (header ?? ''),
        actorId: actor.id,
      });
      void reply.code(201);
      return toRefundedPaymentResponse(refunded);
    },
  );
};
