import { dataSourceFromConfig, migrateServiceSchema } from '@omotenashi/db';
import { startEventsWorker } from '@omotenashi/events';
import { GrpcClient, startGrpcServer } from '@omotenashi/grpc';
import type { Logger } from '@omotenashi/logging';
import { catalogV1, PROTO_ROOT, SERVICE_PROTO_FILES } from '@omotenashi/proto';
import type { RunningRole } from '@omotenashi/runtime';
import { queuePrefix } from '@omotenashi/jobs';
import type { DataSource } from 'typeorm';
import { startHoldExpiry } from './entry-points/jobs/hold-expiry.jobs';
import { HOLD_ENDING_SUBJECTS, holdReleaseHandler } from './entry-points/messaging/hold-release.handler';
import { holdSchedulingHandler } from './entry-points/messaging/hold-scheduling.handler';
import type { BookingConfig } from './config';
import { BookingLifecycleRepository } from './data-access/booking-lifecycle.repository';
import { BookingRepository } from './data-access/booking.repository';
import { IdempotencyStore } from './data-access/idempotency.store';
import { BookingFoundation1764300000000 } from './data-access/migrations/1764300000000-booking-foundation';
import { IdempotencyKeys1764500000000 } from './data-access/migrations/1764500000000-idempotency-keys';
import { BookingLifecycle1764600000000 } from './data-access/migrations/1764600000000-booking-lifecycle';
import { bookingGrpcService } from './entry-points/grpc/booking.grpc';

export const SCHEMA = 'booking';
const MIGRATIONS = [BookingFoundation1764300000000, IdempotencyKeys1764500000000, BookingLifecycle1764600000000];
const IDEMPOTENCY_LOCK_SECONDS = 60;
const PRUNE_EVERY_MS = 15 * 60_000;

function idempotencyStore(config: BookingConfig, dataSource: DataSource) {
  return new IdempotencyStore(dataSource, { ttlSeconds: config.IDEMPOTENCY_TTL_HOURS * 3600, lockSeconds: IDEMPOTENCY_LOCK_SECONDS });
}

function dataSourceFor(config: BookingConfig, logger: Logger) {
  return dataSourceFromConfig(config, SCHEMA, { logger });
}

export function migrateBooking(config: BookingConfig): Promise<string[]> {
  return migrateServiceSchema({ url: config.DATABASE_URL, schema: SCHEMA, environment: config.NODE_ENV, migrations: MIGRATIONS });
}

export interface RunningBookingServer extends RunningRole {
  port: number;
}

/** The gRPC server role: availability and bookings. */
export async function startBookingServer(config: BookingConfig, logger: Logger): Promise<RunningBookingServer> {
  const dataSource = await dataSourceFor(config, logger).initialize();
  const catalog = new GrpcClient(catalogV1.CatalogServiceClient, config.CATALOG_GRPC_URL, {
    downstream: 'catalog',
    deadlineMs: config.GRPC_DEADLINE_MS,
  });
  const server = await startGrpcServer({
    host: config.GRPC_HOST,
    port: config.GRPC_PORT,
    services: [
      bookingGrpcService(
        {
          repository: new BookingRepository(dataSource),
          lifecycle: new BookingLifecycleRepository(dataSource),
          catalog,
          holdTtlSeconds: config.HOLD_TTL_SECONDS,
          idempotency: idempotencyStore(config, dataSource),
        },
        logger,
      ),
    ],
    logger,
    reflection: { protoRoot: PROTO_ROOT, files: SERVICE_PROTO_FILES },
  });
  return {
    port: server.port,
    ready: async () => dataSource.isInitialized,
    stop: async () => {
      await server.shutdown(config.SHUTDOWN_TIMEOUT_MS);
      catalog.close();
      await dataSource.destroy();
    },
  };
}

/** The worker role: publishes the booking outbox, schedules and runs hold expiry, prunes old keys. */
export async function startBookingWorker(config: BookingConfig, logger: Logger): Promise<RunningRole> {
  const dataSource = await dataSourceFor(config, logger).initialize();
  const repository = new BookingRepository(dataSource);
  const holds = startHoldExpiry(repository, { connection: { url: config.REDIS_URL }, prefix: queuePrefix(config.REDIS_KEY_PREFIX, SCHEMA) }, logger);
  const worker = await startEventsWorker({
    dataSource,
    natsUrl: config.NATS_URL,
    namespace: config.EVENTS_NAMESPACE,
    consumerDefaults: { ackWaitMs: config.EVENTS_ACK_WAIT_MS, maxDeliver: config.EVENTS_MAX_DELIVER },
    streams: ['BOOKING'],
    consumers: [
      { stream: 'BOOKING', durable: 'booking-holds', filterSubjects: ['booking.booking.created'], handler: holdSchedulingHandler(holds) },
      // One durable per subject: a consumer with several filter subjects needs NATS 2.10.
      ...HOLD_ENDING_SUBJECTS.map((subject) => ({
        stream: 'BOOKING' as const,
        durable: `booking-hold-release-${subject.split('.').pop()}`,
        filterSubjects: [subject],
        handler: holdReleaseHandler(holds),
      })),
    ],
    logger,
  });
  const keys = idempotencyStore(config, dataSource);
  const timers = [
    setInterval(() => void holds.sweep().catch((error: unknown) => logger.warn({ err: error }, 'hold sweep failed')), config.HOLD_SWEEP_INTERVAL_MS),
    // Expired idempotency keys go in batches, off the request path.
    setInterval(() => void keys.pruneExpired().catch((error: unknown) => logger.warn({ err: error }, 'pruning idempotency keys failed')), PRUNE_EVERY_MS),
  ];
  for (const timer of timers) timer.unref();
  return {
    ready: worker.ready,
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      await worker.stop();
      await holds.close();
      await dataSource.destroy();
    },
  };
}
