import { randomUUID } from 'node:crypto';
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
    payment: {
      listProviders: async (): Promise<paymentV1.ListProvidersResponse> => ({ providers: ['sandbox'], defaultProvider: 'sandbox' }),
    },
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
