import type { Client } from '@grpc/grpc-js';
import { GrpcClient, GrpcHealthProbe } from '@omotenashi/grpc';
import type { Logger } from '@omotenashi/logging';
import { analyticsV1, bookingCustomersV1, bookingReviewsV1, bookingV1, catalogV1, paymentV1 } from '@omotenashi/proto';
import type { GatewayConfig } from '../config';
import { DownstreamBreaker } from './downstream-breaker';

/**
 * The services behind the gateway, one typed client each. Every call carries the request context and
 * a deadline (GrpcClient) and goes through that downstream's circuit breaker, so routes and use cases
 * call `downstreams.booking.call(…)` without knowing either exists.
 */
export interface Downstreams {
  catalog: GrpcClient<catalogV1.CatalogServiceClient>;
  booking: GrpcClient<bookingV1.BookingServiceClient>;
  payment: GrpcClient<paymentV1.PaymentServiceClient>;
  analytics: GrpcClient<analyticsV1.AnalyticsServiceClient>;
  /** Served by the booking server: same target, deadline and breaker as `booking`. */
  customers: GrpcClient<bookingCustomersV1.CustomerServiceClient>;
  reviews: GrpcClient<bookingReviewsV1.ReviewServiceClient>;
}

/** The downstream services (processes); `customers` and `reviews` are clients of `booking`. */
export type DownstreamName = Exclude<keyof Downstreams, 'customers' | 'reviews'>;

/** One grpc.health.v1 probe per downstream, asking about its own service name. */
export interface DownstreamProbe {
  name: DownstreamName;
  serviceName: string;
  probe: GrpcHealthProbe;
}

export interface DownstreamConnections {
  clients: Downstreams;
  probes: DownstreamProbe[];
  close(): void;
}

type DownstreamConfig = Pick<
  GatewayConfig,
  | 'CATALOG_GRPC_URL'
  | 'BOOKING_GRPC_URL'
  | 'PAYMENT_GRPC_URL'
  | 'ANALYTICS_GRPC_URL'
  | 'GRPC_DEADLINE_MS'
  | 'CATALOG_DEADLINE_MS'
  | 'BOOKING_DEADLINE_MS'
  | 'PAYMENT_DEADLINE_MS'
  | 'ANALYTICS_DEADLINE_MS'
  | 'BREAKER_ERROR_THRESHOLD_PERCENT'
  | 'BREAKER_VOLUME_THRESHOLD'
  | 'BREAKER_ROLLING_WINDOW_MS'
  | 'BREAKER_RESET_TIMEOUT_MS'
>;

export function connectDownstreams(config: DownstreamConfig, logger?: Logger): DownstreamConnections {
  const settings = {
    errorThresholdPercentage: config.BREAKER_ERROR_THRESHOLD_PERCENT,
    volumeThreshold: config.BREAKER_VOLUME_THRESHOLD,
    rollingCountTimeoutMs: config.BREAKER_ROLLING_WINDOW_MS,
    resetTimeoutMs: config.BREAKER_RESET_TIMEOUT_MS,
  };
  const breakers: Record<DownstreamName, DownstreamBreaker> = {
    catalog: new DownstreamBreaker('catalog', settings, logger),
    booking: new DownstreamBreaker('booking', settings, logger),
    payment: new DownstreamBreaker('payment', settings, logger),
    analytics: new DownstreamBreaker('analytics', settings, logger),
  };
  const deadlines: Record<DownstreamName, number | undefined> = {
    catalog: config.CATALOG_DEADLINE_MS,
    booking: config.BOOKING_DEADLINE_MS,
    payment: config.PAYMENT_DEADLINE_MS,
    analytics: config.ANALYTICS_DEADLINE_MS,
  };
  const options = (downstream: DownstreamName) => ({ downstream, deadlineMs: deadlines[downstream] ?? config.GRPC_DEADLINE_MS });
  const clients: Downstreams = {
    catalog: guarded(new GrpcClient(catalogV1.CatalogServiceClient, config.CATALOG_GRPC_URL, options('catalog')), breakers.catalog),
    booking: guarded(new GrpcClient(bookingV1.BookingServiceClient, config.BOOKING_GRPC_URL, options('booking')), breakers.booking),
    payment: guarded(new GrpcClient(paymentV1.PaymentServiceClient, config.PAYMENT_GRPC_URL, options('payment')), breakers.payment),
    analytics: guarded(
      new GrpcClient(analyticsV1.AnalyticsServiceClient, config.ANALYTICS_GRPC_URL, options('analytics')),
      breakers.analytics,
    ),
    customers: guarded(new GrpcClient(bookingCustomersV1.CustomerServiceClient, config.BOOKING_GRPC_URL, options('booking')), breakers.booking),
    reviews: guarded(new GrpcClient(bookingReviewsV1.ReviewServiceClient, config.BOOKING_GRPC_URL, options('booking')), breakers.booking),
  };
  const probes: DownstreamProbe[] = [
    { name: 'catalog', serviceName: catalogV1.CatalogServiceClient.serviceName, probe: new GrpcHealthProbe(config.CATALOG_GRPC_URL) },
    { name: 'booking', serviceName: bookingV1.BookingServiceClient.serviceName, probe: new GrpcHealthProbe(config.BOOKING_GRPC_URL) },
    { name: 'payment', serviceName: paymentV1.PaymentServiceClient.serviceName, probe: new GrpcHealthProbe(config.PAYMENT_GRPC_URL) },
    {
      name: 'analytics',
      serviceName: analyticsV1.AnalyticsServiceClient.serviceName,
      probe: new GrpcHealthProbe(config.ANALYTICS_GRPC_URL),
    },
  ];
  return {
    clients,
    probes,
    close() {
      for (const client of Object.values(clients)) client.close();
      for (const { probe } of probes) probe.close();
      for (const breaker of Object.values(breakers)) breaker.shutdown();
    },
  };
}

/** The same client, its `call` routed through the breaker: the `Downstreams` shape routes use stays as it is. */
function guarded<C extends Client>(client: GrpcClient<C>, breaker: DownstreamBreaker): GrpcClient<C> {
  const call = client.call.bind(client);
  client.call = ((...args: Parameters<typeof call>) => breaker.run(() => call(...args))) as typeof client.call;
  return client;
}

export type DownstreamStatus = 'SERVING' | 'NOT_SERVING';

/** Asks every downstream at once; a probe that errors or times out counts as NOT_SERVING. */
export async function checkDownstreams(probes: DownstreamProbe[], timeoutMs = 1_000): Promise<Record<DownstreamName, DownstreamStatus>> {
  const answers = await Promise.all(
    probes.map(async ({ name, serviceName, probe }) => [name, (await probe.check(serviceName, timeoutMs)) ? 'SERVING' : 'NOT_SERVING'] as const),
  );
  return Object.fromEntries(answers) as Record<DownstreamName, DownstreamStatus>;
}
