import { dataSourceFromConfig, migrateServiceSchema } from '@omotenashi/db';
import { eventsSettings, startEventsWorker } from '@omotenashi/events';
import { serveGrpcRole } from '@omotenashi/grpc';
import type { Logger } from '@omotenashi/logging';
import { PROTO_ROOT, SERVICE_PROTO_FILES } from '@omotenashi/proto';
import { releasingAfter, type RunningRole } from '@omotenashi/runtime';
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
  const server = await serveGrpcRole(config, {
    services: [paymentGrpcService(config.PAYMENT_PROVIDERS, logger)],
    logger,
    reflection: { protoRoot: PROTO_ROOT, files: SERVICE_PROTO_FILES },
    ready: async () => dataSource.isInitialized,
  });
  return releasingAfter(server, () => dataSource.destroy());
}

/** The worker role: publishes the payment outbox to the PAYMENT stream. */
export async function startPaymentWorker(config: PaymentConfig, logger: Logger): Promise<RunningRole> {
  const dataSource = await dataSourceFromConfig(config, SCHEMA, { logger }).initialize();
  const worker = await startEventsWorker({
    dataSource,
    ...eventsSettings(config),
    streams: ['PAYMENT'],
    consumers: [],
    logger,
  });
  return releasingAfter(worker, () => dataSource.destroy());
}
