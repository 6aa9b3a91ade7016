import { CommonErrors } from '@omotenashi/errors';
import { requireUuid, unaryService } from '@omotenashi/grpc';
import type { Logger } from '@omotenashi/logging';
import { paymentV1 } from '@omotenashi/proto';
import type { PaymentServerDeps } from '../../domain/use-cases/payment-deps';
import { getPayment, listPaymentsOfBooking } from '../../domain/use-cases/read-payments.use-case';
import { receiveWebhook } from '../../domain/use-cases/receive-webhook.use-case';
import { refundPayment } from '../../domain/use-cases/refund-payment.use-case';
import { authenticateSandboxPayment, confirmSandboxPayment } from '../../domain/use-cases/sandbox-client.use-case';
import { startPayment } from '../../domain/use-cases/start-payment.use-case';
import { paymentToResponse, refundToResponse } from './payment.mappers';

export const PAYMENT_SERVICE_NAME = 'omotenashi.payment.v1.PaymentService';

/** Visible ASCII, at most 255 characters (IETF idempotency-key draft; Stripe's limit). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

function idempotencyKey(value: string): string {
  if (value && !IDEMPOTENCY_KEY.test(value)) {
    throw CommonErrors.validation([{ pointer: '/headers/idempotency-key', detail: 'must be 1–255 visible ASCII characters' }]);
  }
  return value;
}

function required(value: string, pointer: string): string {
  if (!value) throw CommonErrors.validation([{ pointer, detail: 'is required' }]);
  return value;
}

export function paymentGrpcService(deps: PaymentServerDeps, logger: Logger) {
  return {
    name: PAYMENT_SERVICE_NAME,
    definition: paymentV1.PaymentServiceService,
    implementation: unaryService<paymentV1.PaymentServiceServer>(
      PAYMENT_SERVICE_NAME,
      {
        listProviders: async () => ({ providers: deps.providers.names, defaultProvider: deps.providers.defaultName }),
        startPayment: async (request) => {
          const { payment, created } = await startPayment(deps, {
            businessId: requireUuid(request.businessId, '/business_id'),
            bookingId: requireUuid(request.bookingId, '/booking_id'),
            provider: request.provider || deps.providers.defaultName,
          });
          return { payment: paymentToResponse(payment), created };
        },
        listBookingPayments: async (request) => {
          const views = await listPaymentsOfBooking(deps, requireUuid(request.businessId, '/business_id'), requireUuid(request.bookingId, '/booking_id'));
          return { payments: views.map((view) => paymentToResponse(view.payment, view.refunds)) };
        },
        getPayment: async (request) => {
          const view = await getPayment(deps, requireUuid(request.businessId, '/business_id'), requireUuid(request.paymentId, '/payment_id'));
          return { payment: paymentToResponse(view.payment, view.refunds) };
        },
        refundPayment: async (request) => {
          const { payment, refund } = await refundPayment(deps, {
            businessId: requireUuid(request.businessId, '/business_id'),
            paymentId: requireUuid(request.paymentId, '/payment_id'),
            amount: request.amount,
            note: request.note,
            idempotencyKey: idempotencyKey(request.idempotencyKey),
            actorId: request.actorId,
          });
          return { payment: paymentToResponse(payment), refund: refundToResponse(refund) };
        },
        receiveWebhook: (request) =>
          receiveWebhook(deps, { provider: required(request.provider, '/provider'), headers: request.headers, body: request.body }),
        confirmSandboxPayment: async (request) => {
          const result = await confirmSandboxPayment(
            deps,
            required(request.providerPaymentId, '/provider_payment_id'),
            required(request.clientSecret, '/client_secret'),
            required(request.paymentMethod, '/payment_method'),
          );
          return { status: result.status, nextActionUrl: result.nextActionUrl ?? '' };
        },
        authenticateSandboxPayment: async (request) => {
          const result = await authenticateSandboxPayment(
            deps,
            required(request.providerPaymentId, '/provider_payment_id'),
            required(request.clientSecret, '/client_secret'),
            request.approve,
          );
          return { status: result.status };
        },
      },
      logger,
    ),
  };
}
