import { dataSourceFromConfig, migrateServiceSchema } from '@omotenashi/db';
import { startEventsWorker } from '@omotenashi/events';
import { startGrpcServer } from '@omotenashi/grpc';
import type { Logger } from '@omotenashi/logging';
import { PROTO_ROOT, SERVICE_PROTO_FILES } from '@omotenashi/proto';
import type { RunningRole } from '@omotenashi/runtime';
import type { PaymentConfig } from './config';
import { PaymentFoundation1764300000000 } from './data-access/migrations/1764300000000-payment-foundation';
import { paymentGrpcService } from './entry-points/grpc/payment.grpc';

export const SCHEMA = 'payment';
const MIGRATIONS = [PaymentFoundation1764300000000];

export function migratePayment(config: PaymentConfig): Promise<string[]> {
  return migrateServiceSchema({ url: config.DATABASE_URL, schema: SCHEMA, environment: config.NODE_ENV, migrations: MIGRATIONS });
}

export interface RunningPaymentServer extends RunningRole {
  port: number;
}

export async function startPaymentServer(config: PaymentConfig, logger: Logger): Promise<RunningPaymentServer> {
  const dataSource = await dataSourceFromConfig(config, SCHEMA, { logger }).initialize();
  const server = await startGrpcServer({
    host: config.GRPC_HOST,
    port: config.GRPC_PORT,
    services: [paymentGrpcService(config.PAYMENT_PROVIDERS, logger)],
    logger,
    reflection: { protoRoot: PROTO_ROOT, files: SERVICE_PROTO_FILES },
  });
  return {
    port: server.port,
    ready: async () => dataSource.isInitialized,
    stop: async () => {
      await server.shutdown(config.SHUTDOWN_TIMEOUT_MS);
      await dataSource.destroy();
    },
  };
}

/** The worker role: publishes the payment outbox to the PAYMENT stream. */
export async function startPaymentWorker(config: PaymentConfig, logger: Logger): Promise<RunningRole> {
  const dataSource = await dataSourceFromConfig(config, SCHEMA, { logger }).initialize();
  const worker = await startEventsWorker({
    dataSource,
    natsUrl: config.NATS_URL,
    namespace: config.EVENTS_NAMESPACE,
    consumerDefaults: { ackWaitMs: config.EVENTS_ACK_WAIT_MS, maxDeliver: config.EVENTS_MAX_DELIVER },
    streams: ['PAYMENT'],
    consumers: [],
    logger,
  });
  return {
    ready: worker.ready,
    stop: async () => {
      await worker.stop();
      await dataSource.destroy();
    },
  };
}
