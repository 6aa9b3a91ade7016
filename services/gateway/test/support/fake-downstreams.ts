import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { AppError } from '@omotenashi/errors';
import { startGrpcServer, unaryService, type CallContext, type RunningGrpcServer } from '@omotenashi/grpc';
import { createLogger } from '@omotenashi/logging';
import { analyticsV1, bookingV1, catalogV1, paymentV1 } from '@omotenashi/proto';

/**
 * Small in-process stand-ins for catalog, booking, payment and analytics: real gRPC servers on port 0
 * speaking the generated service definitions, with in-memory happy-path behaviour that a test can
 * override per method, and a record of every call (request, request id and business id from metadata).
 */
export type DownstreamName = 'catalog' | 'booking' | 'payment' | 'analytics';
/** Typed per method where defined; `never` lets any one method's handler stand in for all. */
type Handler = (request: never, context: CallContext) => Promise<unknown>;

export interface RecordedCall {
  downstream: DownstreamName;
  method: string;
  request: unknown;
  requestId: string;
  businessId?: string;
}

export interface FakeDownstreams {
  env: Record<string, string>;
  calls: RecordedCall[];
  /** Replace one method's behaviour; `reset()` restores the defaults. */
  override(downstream: DownstreamName, method: string, handler: Handler): void;
  reset(): void;
  stop(downstream: DownstreamName): Promise<void>;
  /** Serves a stopped downstream again on the port it had, as a restarted pod behind the same address would. */
  restart(downstream: DownstreamName): Promise<void>;
  stopAll(): Promise<void>;
}

const logger = createLogger('fake-downstream', { level: 'silent' });

const SERVICES: Record<DownstreamName, { name: string; definition: ServiceDefinition; env: string }> = {
  catalog: { name: 'omotenashi.catalog.v1.CatalogService', definition: catalogV1.CatalogServiceService, env: 'CATALOG_GRPC_URL' },
  booking: { name: 'omotenashi.booking.v1.BookingService', definition: bookingV1.BookingServiceService, env: 'BOOKING_GRPC_URL' },
  payment: { name: 'omotenashi.payment.v1.PaymentService', definition: paymentV1.PaymentServiceService, env: 'PAYMENT_GRPC_URL' },
  analytics: {
    name: 'omotenashi.analytics.v1.AnalyticsService',
    definition: analyticsV1.AnalyticsServiceService,
    env: 'ANALYTICS_GRPC_URL',
  },
};

export async function startFakeDownstreams(): Promise<FakeDownstreams> {
  const calls: RecordedCall[] = [];
  const overrides = new Map<string, Handler>();
  const defaults = defaultHandlers();
  const servers = new Map<DownstreamName, RunningGrpcServer>();
  const env: Record<string, string> = {};

  const serve = async (downstream: DownstreamName, port: number) => {
    const service = SERVICES[downstream];
    const handlers: Record<string, Handler> = {};
    for (const method of Object.keys(service.definition)) {
      handlers[method] = async (request: unknown, context: CallContext) => {
        calls.push({ downstream, method, request, requestId: context.requestId, businessId: context.businessId });
        const handler = overrides.get(`${downstream}.${method}`) ?? defaults[downstream][method];
        return handler(request as never, context);
      };
    }
    const implementation = unaryService<UntypedServiceImplementation>(service.name, handlers as never, logger);
    const server = await startGrpcServer({
      host: '127.0.0.1',
      port,
      services: [{ name: service.name, definition: service.definition, implementation }],
      logger,
    });
    servers.set(downstream, server);
    env[service.env] = server.address;
  };
  for (const downstream of Object.keys(SERVICES) as DownstreamName[]) await serve(downstream, 0);

  return {
    env,
    calls,
    override: (downstream, method, handler) => overrides.set(`${downstream}.${method}`, handler),
    reset: () => {
      overrides.clear();
      calls.length = 0;
    },
    stop: async (downstream) => {
      await servers.get(downstream)?.shutdown(1_000);
      servers.delete(downstream);
    },
    restart: async (downstream) => {
      if (servers.has(downstream)) return;
      await serve(downstream, Number(env[SERVICES[downstream].env]?.split(':').pop()));
    },
    stopAll: async () => {
      await Promise.all([...servers.values()].map((server) => server.shutdown(1_000)));
      servers.clear();
    },
  };
}

const now = () => new Date().toISOString();

function defaultHandlers(): Record<DownstreamName, Record<string, Handler>> {
  const businesses = new Map<string, catalogV1.Business>();
  const services = new Map<string, catalogV1.Service>();
  const notFound = (what: string) => new AppError(`${what.toUpperCase()}.NOT_FOUND`, `${what} not found`, { kind: 'not_found' });

  return {
    catalog: {
      createBusiness: async (request: catalogV1.CreateBusinessRequest): Promise<catalogV1.CreateBusinessResponse> => {
        const business: catalogV1.Business = {
          ...request,
          id: randomUUID(),
          // Catalog owns the policy defaults: absent fields come back filled in.
          policy: {
            minNoticeMinutes: request.policy?.minNoticeMinutes ?? 60,
            bookingHorizonDays: request.policy?.bookingHorizonDays ?? 90,
            slotIntervalMinutes: request.policy?.slotIntervalMinutes ?? 30,
            cancelCutoffHours: request.policy?.cancelCutoffHours ?? 24,
            rescheduleCutoffHours: request.policy?.rescheduleCutoffHours ?? 24,
            cancellationFeePercent: request.policy?.cancellationFeePercent ?? 0,
            requiresApproval: request.policy?.requiresApproval ?? false,
          },
          createdAt: now(),
          updatedAt: now(),
        };
        businesses.set(business.id, business);
        return { business };
      },
      getBusiness: async ({ businessId }: catalogV1.GetBusinessRequest): Promise<catalogV1.GetBusinessResponse> => {
        const business = businesses.get(businessId);
        if (!business) throw notFound('catalog.business');
        return { business };
      },
      createService: async (request: catalogV1.CreateServiceRequest): Promise<catalogV1.CreateServiceResponse> => {
        const service: catalogV1.Service = {
          ...request,
          id: randomUUID(),
          price: { amount: request.price?.amount ?? 0, currency: request.price?.currency || 'JPY' },
          // The request carries these lists as optional StringList messages; a Service has plain lists.
          resourceKinds: request.resourceKinds?.values ?? [],
          staffIds: request.staffIds?.values ?? [],
          isActive: request.isActive ?? true,
          createdAt: now(),
          updatedAt: now(),
        };
        services.set(service.id, service);
        return { service };
      },
      getService: async ({ businessId, serviceId }: catalogV1.GetServiceRequest): Promise<catalogV1.GetServiceResponse> => {
        const service = services.get(serviceId);
        if (!service || service.businessId !== businessId) throw notFound('catalog.service');
        return { service };
      },
    },
    booking: fakeBooking(notFound),
    payment: fakePayment(),
    analytics: {
      getDailyStats: async ({ from }: analyticsV1.GetDailyStatsRequest): Promise<analyticsV1.GetDailyStatsResponse> => ({
        days: [
          { date: from, bookingsCreated: 3, revenueAmount: 16_500, currency: 'JPY' },
          { date: '2026-04-02', bookingsCreated: 0, revenueAmount: 0, currency: 'JPY' },
        ],
      }),
    },
  };
}

interface FakeBookingRecord {
  booking: bookingV1.Booking;
  manageToken: string;
}

/** Enough of booking's rules to drive the gateway: guests need the token, and a cancelled booking stays cancelled. */
function fakeBooking(notFound: (what: string) => AppError): Record<string, Handler> {
  const bookings = new Map<string, FakeBookingRecord>();
  const tokenInvalid = () => new AppError('BOOKING.MANAGE_TOKEN_INVALID', 'Booking was not found', { kind: 'not_found' });
  const find = (request: { businessId: string; bookingId: string; actor?: bookingV1.Actor }): FakeBookingRecord => {
    const record = bookings.get(request.bookingId);
    const mine = record?.booking.businessId === request.businessId ? record : undefined;
    if (request.actor?.kind === 'guest') {
      if (!mine || mine.manageToken !== request.actor.manageToken) throw tokenInvalid();
    } else if (!mine) {
      throw notFound('booking.booking');
    }
    return mine;
  };
  const change = (record: FakeBookingRecord, fields: Partial<bookingV1.Booking>): bookingV1.Booking => {
    record.booking = bookingV1.Booking.fromPartial({ ...record.booking, ...fields, updatedAt: now() });
    return record.booking;
  };
  const moveTo = (status: string) => async (request: bookingV1.ApproveBookingRequest) => ({ booking: change(find(request), { status }) });

  return {
    createBooking: async (request: bookingV1.CreateBookingRequest): Promise<bookingV1.CreateBookingResponse> => {
      const startsAt = new Date(request.startsAt);
      const booking = bookingV1.Booking.fromPartial({
        id: randomUUID(),
        businessId: request.businessId,
        serviceId: request.serviceId,
        customerId: randomUUID(),
        status: 'confirmed',
        startsAt: request.startsAt,
        endsAt: new Date(startsAt.getTime() + 60 * 60_000).toISOString(),
        bookingDate: request.startsAt.slice(0, 10),
        staffId: request.staffId,
        resourceIds: [randomUUID()],
        priceAmount: 5_500,
        currency: 'JPY',
        partySize: request.partySize,
        notes: request.notes,
        policy: { cancelCutoffHours: 24, rescheduleCutoffHours: 24, cancellationFeePercent: 50, refundPercent: 100, prepayment: 'none' },
        createdAt: now(),
        updatedAt: now(),
      });
      const manageToken = randomUUID();
      bookings.set(booking.id, { booking, manageToken });
      return bookingV1.CreateBookingResponse.fromPartial({ booking, manageToken });
    },
    getBooking: async (request: bookingV1.GetBookingRequest): Promise<bookingV1.GetBookingResponse> => ({ booking: find(request).booking }),
    listBookings: async (request: bookingV1.ListBookingsRequest): Promise<bookingV1.ListBookingsResponse> => {
      const all = [...bookings.values()]
        .map((record) => record.booking)
        .filter((booking) => booking.businessId === request.businessId)
        .filter((booking) => request.statuses.length === 0 || request.statuses.includes(booking.status))
        .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
      const start = request.cursor ? Number(request.cursor) : 0;
      const limit = request.limit || 20;
      const next = start + limit < all.length ? String(start + limit) : '';
      return bookingV1.ListBookingsResponse.fromPartial({ bookings: all.slice(start, start + limit), nextCursor: next });
    },
    cancelBooking: async (request: bookingV1.CancelBookingRequest): Promise<bookingV1.CancelBookingResponse> => {
      const record = find(request);
      if (record.booking.status === 'cancelled') {
        throw new AppError('BOOKING.INVALID_TRANSITION', 'A booking that is cancelled cannot be cancelled', { kind: 'conflict' });
      }
      const cancelledBy = request.actor?.kind ?? 'system';
      const booking = change(record, {
        status: 'cancelled',
        cancellation: { cancelledAt: now(), cancelledBy, reason: request.reason, feeAmount: 0, refundAmount: 0 },
      });
      return bookingV1.CancelBookingResponse.fromPartial({ booking, feeAmount: 0, refundAmount: 0, currency: booking.currency });
    },
    rescheduleBooking: async (request: bookingV1.RescheduleBookingRequest): Promise<bookingV1.RescheduleBookingResponse> => {
      const record = find(request);
      const startsAt = new Date(request.startsAt);
      const booking = change(record, {
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 60 * 60_000).toISOString(),
        rescheduleCount: record.booking.rescheduleCount + 1,
      });
      return { booking };
    },
    approveBooking: moveTo('confirmed'),
    completeBooking: moveTo('completed'),
    markNoShow: moveTo('no_show'),
  };
}

/** The signature header value the fake payment service accepts; anything else is a forged webhook. */
export const FAKE_WEBHOOK_SIGNATURE = 't=1,v1=fake-valid-signature';
export const FAKE_SIGNATURE_HEADER = 'omotenashi-sandbox-signature';

/**
 * Enough of payment's rules to drive the gateway: one payment per booking (StartPayment returns the
 * one in progress), a client secret per payment, refunds bounded by what was captured and deduplicated
 * by Idempotency-Key, webhooks checked against FAKE_WEBHOOK_SIGNATURE and stored once per body.
 * The sandbox confirm settles at once (pm_card_visa succeeds, pm_card_chargeDeclined fails).
 */
function fakePayment(): Record<string, Handler> {
  const payments = new Map<string, paymentV1.Payment>();
  const refundsByKey = new Map<string, paymentV1.RefundPaymentResponse>();
  const webhookEvents = new Set<string>();
  const problem = (code: string, message: string, kind: 'not_found' | 'unprocessable' | 'conflict' | 'invalid_argument' | 'permission_denied') =>
    new AppError(code, message, { kind });
  const find = (businessId: string, paymentId: string) => {
    const payment = payments.get(paymentId);
    if (!payment || payment.businessId !== businessId) throw problem('PAYMENT.NOT_FOUND', 'Payment was not found', 'not_found');
    return payment;
  };
  const byIntent = (intentId: string, clientSecret: string) => {
    const payment = [...payments.values()].find((candidate) => candidate.providerPaymentId === intentId);
    if (!payment) throw problem('PAYMENT.NOT_FOUND', 'Payment was not found', 'not_found');
    if (payment.clientSecret !== clientSecret) throw problem('PAYMENT.CLIENT_SECRET_MISMATCH', 'The client secret does not belong to this payment', 'permission_denied');
    return payment;
  };
  const settle = (payment: paymentV1.Payment, status: 'succeeded' | 'failed') =>
    Object.assign(payment, {
      status,
      clientSecret: '',
      nextActionUrl: '',
      updatedAt: now(),
      ...(status === 'succeeded' ? { succeededAt: now() } : { failedAt: now(), failureCode: 'card_declined', failureMessage: 'Your card was declined.' }),
    });

  return {
    listProviders: async (): Promise<paymentV1.ListProvidersResponse> => ({ providers: ['sandbox'], defaultProvider: 'sandbox' }),
    startPayment: async (request: paymentV1.StartPaymentRequest): Promise<paymentV1.StartPaymentResponse> => {
      const existing = [...payments.values()].find((p) => p.businessId === request.businessId && p.bookingId === request.bookingId);
      if (existing) return { payment: existing, created: false };
      if (request.provider && request.provider !== 'sandbox') {
        throw new AppError('PAYMENT.PROVIDER_UNKNOWN', `Payment provider "${request.provider}" is not enabled (enabled: sandbox)`, {
          kind: 'invalid_argument',
          fields: [{ pointer: '/provider', detail: 'must be one of sandbox' }],
        });
      }
      const intent = `pi_sbx_${randomBytes(8).toString('hex')}`;
      const payment = paymentV1.Payment.fromPartial({
        id: randomUUID(),
        businessId: request.businessId,
        bookingId: request.bookingId,
        provider: 'sandbox',
        providerPaymentId: intent,
        kind: 'full',
        amount: 5_500,
        currency: 'JPY',
        status: 'requires_payment_method',
        clientSecret: `${intent}_secret_${randomBytes(8).toString('hex')}`,
        createdAt: now(),
        updatedAt: now(),
      });
      payments.set(payment.id, payment);
      return { payment, created: true };
    },
    listBookingPayments: async (request: paymentV1.ListBookingPaymentsRequest): Promise<paymentV1.ListBookingPaymentsResponse> => ({
      payments: [...payments.values()].filter((p) => p.businessId === request.businessId && p.bookingId === request.bookingId),
    }),
    getPayment: async (request: paymentV1.GetPaymentRequest): Promise<paymentV1.GetPaymentResponse> => ({ payment: find(request.businessId, request.paymentId) }),
    refundPayment: async (request: paymentV1.RefundPaymentRequest): Promise<paymentV1.RefundPaymentResponse> => {
      const key = request.idempotencyKey ? `${request.paymentId}:${request.idempotencyKey}` : '';
      const replay = key ? refundsByKey.get(key) : undefined;
      if (replay) return replay;
      const payment = find(request.businessId, request.paymentId);
      if (payment.status !== 'succeeded' && payment.status !== 'partially_refunded') {
        throw problem('PAYMENT.NOT_REFUNDABLE', `A payment that is ${payment.status} has nothing to refund`, 'conflict');
      }
      const refundable = payment.amount - payment.amountRefunded;
      const amount = request.amount || refundable;
      if (amount > refundable) throw problem('PAYMENT.REFUND_EXCEEDS_CAPTURED', `At most ${refundable} JPY of this payment can still be refunded`, 'unprocessable');
      const refund = paymentV1.Refund.fromPartial({
        id: randomUUID(),
        paymentId: payment.id,
        amount,
        currency: payment.currency,
        status: 'succeeded',
        reason: 'requested_by_business',
        providerRefundId: `re_sbx_${randomBytes(6).toString('hex')}`,
        createdAt: now(),
        succeededAt: now(),
      });
      payment.amountRefunded += amount;
      payment.status = payment.amountRefunded === payment.amount ? 'refunded' : 'partially_refunded';
      payment.refunds = [...payment.refunds, refund];
      const response = { payment, refund };
      if (key) refundsByKey.set(key, response);
      return response;
    },
    receiveWebhook: async (request: paymentV1.ReceiveWebhookRequest): Promise<paymentV1.ReceiveWebhookResponse> => {
      if (request.headers[FAKE_SIGNATURE_HEADER] !== FAKE_WEBHOOK_SIGNATURE) {
        throw problem('PAYMENT.WEBHOOK_SIGNATURE_INVALID', 'Webhook rejected: no signature matches the payload', 'invalid_argument');
      }
      const eventId = `evt_${createHash('sha256').update(request.body).digest('hex').slice(0, 24)}`;
      const duplicate = webhookEvents.has(eventId);
      webhookEvents.add(eventId);
      return { eventId, duplicate };
    },
    confirmSandboxPayment: async (request: paymentV1.ConfirmSandboxPaymentRequest): Promise<paymentV1.ConfirmSandboxPaymentResponse> => {
      const payment = byIntent(request.providerPaymentId, request.clientSecret);
      if (request.paymentMethod === 'pm_card_authenticationRequired') {
        const nextActionUrl = `/v1/payments/sandbox/intents/${payment.providerPaymentId}/authenticate`;
        Object.assign(payment, { status: 'requires_action', nextActionUrl, updatedAt: now() });
        return { status: 'requires_action', nextActionUrl };
      }
      settle(payment, request.paymentMethod === 'pm_card_visa' ? 'succeeded' : 'failed');
      return { status: 'processing', nextActionUrl: '' };
    },
    authenticateSandboxPayment: async (request: paymentV1.AuthenticateSandboxPaymentRequest): Promise<paymentV1.AuthenticateSandboxPaymentResponse> => {
      const payment = byIntent(request.providerPaymentId, request.clientSecret);
      if (payment.status !== 'requires_action') throw problem('PAYMENT.NOT_AUTHENTICATING', 'This payment is not waiting for an authentication', 'conflict');
      settle(payment, request.approve ? 'succeeded' : 'failed');
      return { status: 'processing' };
    },
  };
}
