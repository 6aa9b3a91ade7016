import { GrpcClient, GrpcHealthProbe } from '@omotenashi/grpc';
import { analyticsV1, bookingV1, catalogV1, paymentV1 } from '@omotenashi/proto';
import type { GatewayConfig } from '../config';

/**
 * The services behind the gateway, one typed client each. Every call carries the request context and
 * a deadline (GrpcClient); the per-downstream circuit breaker (a later issue) wraps `call` here.
 */
export interface Downstreams {
  catalog: GrpcClient<catalogV1.CatalogServiceClient>;
  booking: GrpcClient<bookingV1.BookingServiceClient>;
  payment: GrpcClient<paymentV1.PaymentServiceClient>;
  analytics: GrpcClient<analyticsV1.AnalyticsServiceClient>;
}

export type DownstreamName = keyof Downstreams;

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
  'CATALOG_GRPC_URL' | 'BOOKING_GRPC_URL' | 'PAYMENT_GRPC_URL' | 'ANALYTICS_GRPC_URL' | 'GRPC_DEADLINE_MS'
>;

export function connectDownstreams(config: DownstreamConfig): DownstreamConnections {
  const options = (downstream: DownstreamName) => ({ downstream, deadlineMs: config.GRPC_DEADLINE_MS });
  const clients: Downstreams = {
    catalog: new GrpcClient(catalogV1.CatalogServiceClient, config.CATALOG_GRPC_URL, options('catalog')),
    booking: new GrpcClient(bookingV1.BookingServiceClient, config.BOOKING_GRPC_URL, options('booking')),
    payment: new GrpcClient(paymentV1.PaymentServiceClient, config.PAYMENT_GRPC_URL, options('payment')),
    analytics: new GrpcClient(analyticsV1.AnalyticsServiceClient, config.ANALYTICS_GRPC_URL, options('analytics')),
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
    },
  };
}

export type DownstreamStatus = 'SERVING' | 'NOT_SERVING';

/** Asks every downstream at once; a probe that errors or times out counts as NOT_SERVING. */
export async function checkDownstreams(probes: DownstreamProbe[], timeoutMs = 1_000): Promise<Record<DownstreamName, DownstreamStatus>> {
  const answers = await Promise.all(
    probes.map(async ({ name, serviceName, probe }) => [name, (await probe.check(serviceName, timeoutMs)) ? 'SERVING' : 'NOT_SERVING'] as const),
  );
  return Object.fromEntries(answers) as Record<DownstreamName, DownstreamStatus>;
}
