import { dataSourceFromConfig, migrateServiceSchema } from '@omotenashi/db';
import { eventsSettings, startEventsWorker } from '@omotenashi/events';
import { GrpcClient, serveGrpcRole } from '@omotenashi/grpc';
import type { Logger } from '@omotenashi/logging';
import { bookingV1, PROTO_ROOT, SERVICE_PROTO_FILES } from '@omotenashi/proto';
import { releasingAfter, type RunningRole } from '@omotenashi/runtime';
import type { DataSource } from 'typeorm';
import type { PaymentConfig } from './config';
import { PaymentFoundation1764300000000 } from './data-access/migrations/1764300000000-payment-foundation';
import { Payments1764810000000 } from './data-access/migrations/1764810000000-payments';
import { GuardedProviders } from './data-access/provider-breaker';
import type { PaymentDeps } from './domain/use-cases/payment-deps';
import { paymentGrpcService } from './entry-points/grpc/payment.grpc';
import { startCommandRunner } from './entry-points/jobs/command-runner';
import { startInboxProcessor } from './entry-points/jobs/inbox-processor';
import { sagaConsumers } from './entry-points/messaging/booking-events.handler';
import { buildProviderRegistry, PROVIDER_MIGRATIONS, startSandboxWebhookDelivery, type ProviderSettings } from './providers';

export const SCHEMA = 'payment';
const MIGRATIONS = [PaymentFoundation1764300000000, Payments1764810000000, ...PROVIDER_MIGRATIONS];

export function migratePayment(config: PaymentConfig): Promise<string[]> {
  return migrateServiceSchema({ url: config.DATABASE_URL, schema: SCHEMA, environment: config.NODE_ENV, migrations: MIGRATIONS });
}

export function providerSettings(config: PaymentConfig): ProviderSettings {
  return {
    providers: config.PAYMENT_PROVIDERS,
    sandbox: { webhookSecret: config.PAYMENT_SANDBOX_WEBHOOK_SECRET, webhookToleranceSeconds: config.PAYMENT_WEBHOOK_TOLERANCE_SECONDS },
    stripe:
      config.STRIPE_SECRET_KEY && config.STRIPE_WEBHOOK_SECRET
        ? {
            secretKey: config.STRIPE_SECRET_KEY,
            webhookSecret: config.STRIPE_WEBHOOK_SECRET,
            webhookToleranceSeconds: config.PAYMENT_WEBHOOK_TOLERANCE_SECONDS,
            apiBase: config.STRIPE_API_BASE,
            timeoutMs: config.PAYMENT_PROVIDER_TIMEOUT_MS,
          }
        : undefined,
  };
}

/** The providers, each behind its breaker, and what every use case needs besides. */
function paymentDeps(config: PaymentConfig, dataSource: DataSource, logger: Logger): Omit<PaymentDeps, 'wakeCommands'> {
  const registry = buildProviderRegistry(providerSettings(config), { dataSource, logger });
  const providers = new GuardedProviders(registry, {
    timeoutMs: config.PAYMENT_PROVIDER_TIMEOUT_MS,
    errorThresholdPercentage: config.PAYMENT_BREAKER_ERROR_THRESHOLD_PERCENT,
    volumeThreshold: config.PAYMENT_BREAKER_VOLUME_THRESHOLD,
    rollingCountTimeoutMs: config.PAYMENT_BREAKER_ROLLING_WINDOW_MS,
    resetTimeoutMs: config.PAYMENT_BREAKER_RESET_TIMEOUT_MS,
  }, logger);
  return { dataSource, providers, logger, providerTimeoutMs: config.PAYMENT_PROVIDER_TIMEOUT_MS, maxAttempts: config.PAYMENT_MAX_ATTEMPTS };
}

export interface RunningPaymentServer extends RunningRole {
  port: number;
}

/** The gRPC server role: payments, refunds, webhook intake and the sandbox's payer side. */
export async function startPaymentServer(config: PaymentConfig, logger: Logger): Promise<RunningPaymentServer> {
  const dataSource = await dataSourceFromConfig(config, SCHEMA, { logger }).initialize();
  const bookings = new GrpcClient(bookingV1.BookingServiceClient, config.BOOKING_GRPC_URL, { downstream: 'booking', deadlineMs: config.GRPC_DEADLINE_MS });
  // Commands the server records (refunds) are sent inline; what stays pending is the worker's.
  const deps = { ...paymentDeps(config, dataSource, logger), bookings, wakeCommands: () => undefined };
  const server = await serveGrpcRole(config, {
    services: [paymentGrpcService(deps, logger)],
    logger,
    reflection: { protoRoot: PROTO_ROOT, files: SERVICE_PROTO_FILES },
    ready: async () => dataSource.isInitialized,
  });
  return releasingAfter(server, () => deps.providers.shutdown(), () => bookings.close(), () => dataSource.destroy());
}

/**
 * The worker role: relays the payment outbox, runs the booking saga's consumers, processes the webhook
 * inbox, sends pending provider commands and (sandbox) delivers the sandbox PSP's webhooks.
 */
export async function startPaymentWorker(config: PaymentConfig, logger: Logger): Promise<RunningRole> {
  const dataSource = await dataSourceFromConfig(config, SCHEMA, { logger }).initialize();
  const deps = paymentDeps(config, dataSource, logger);
  const commands = startCommandRunner(deps, config.PAYMENT_INBOX_POLL_MS);
  const inbox = startInboxProcessor({
    dataSource,
    logger,
    pollIntervalMs: config.PAYMENT_INBOX_POLL_MS,
    maxAttempts: config.PAYMENT_MAX_ATTEMPTS,
    wakeCommands: commands.wakeSoon,
  });
  const delivery = config.PAYMENT_PROVIDERS.includes('sandbox')
    ? startSandboxWebhookDelivery({ dataSource, url: config.PAYMENT_SANDBOX_WEBHOOK_URL, secret: config.PAYMENT_SANDBOX_WEBHOOK_SECRET, logger })
    : undefined;
  const stopLoops = async () => {
    await delivery?.stop();
    await inbox.stop();
    await commands.stop();
    deps.providers.shutdown();
  };
  let worker;
  try {
    worker = await startEventsWorker({
      dataSource,
      ...eventsSettings(config),
      streams: ['PAYMENT'],
      consumers: sagaConsumers(commands.wakeSoon),
      logger,
    });
  } catch (error) {
    await stopLoops();
    await dataSource.destroy();
    throw error;
  }
  return releasingAfter(worker, stopLoops, () => dataSource.destroy());
}
