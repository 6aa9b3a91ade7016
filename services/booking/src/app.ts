import { Cache, createRedis, keyPrefix, type Redis } from '@omotenashi/cache';
import { dataSourceFromConfig, migrateServiceSchema } from '@omotenashi/db';
import { eventsSettings, startEventsWorker } from '@omotenashi/events';
import { GrpcClient, serveGrpcRole } from '@omotenashi/grpc';
import type { Logger } from '@omotenashi/logging';
import { catalogV1, PROTO_ROOT, SERVICE_PROTO_FILES } from '@omotenashi/proto';
import { releasingAfter, type RunningRole } from '@omotenashi/runtime';
import { queuePrefix } from '@omotenashi/jobs';
import type { DataSource } from 'typeorm';
import { startHoldExpiry } from './entry-points/jobs/hold-expiry.jobs';
import { AVAILABILITY_SUBJECTS, availabilityInvalidationHandler } from './entry-points/messaging/availability-invalidation.handler';
import { HOLD_ENDING_SUBJECTS, holdReleaseHandler } from './entry-points/messaging/hold-release.handler';
import { holdSchedulingHandler, isHold } from './entry-points/messaging/hold-scheduling.handler';
import { PAYMENT_SUCCEEDED_SUBJECT, paymentSucceededHandler } from './entry-points/messaging/payment-succeeded.handler';
import { inConsumerTransaction } from './data-access/consumer-transaction';
import type { BookingConfig } from './config';
import { RedisAvailabilityCache } from './data-access/availability.cache';
import { SchedulingDataCache } from './data-access/scheduling-data.cache';
import { AllocationReader } from './data-access/booking-allocations';
import { BookingLifecycleRepository } from './data-access/booking-lifecycle.repository';
import { BookingRepository } from './data-access/booking.repository';
import { IdempotencyStore } from './data-access/idempotency.store';
import { BookingFoundation1764300000000 } from './data-access/migrations/1764300000000-booking-foundation';
import { IdempotencyKeys1764500000000 } from './data-access/migrations/1764500000000-idempotency-keys';
import { BookingLifecycle1764600000000 } from './data-access/migrations/1764600000000-booking-lifecycle';
import { BookingAvailability1764700000000 } from './data-access/migrations/1764700000000-booking-availability';
import { CustomerErasure1764710000000 } from './data-access/migrations/1764710000000-customer-erasure';
import { Reviews1764720000000 } from './data-access/migrations/1764720000000-reviews';
import { CustomerRepository } from './data-access/customer.repository';
import { ReviewRepository } from './data-access/review.repository';
import { customerGrpcService } from './entry-points/grpc/customer.grpc';
import { reviewGrpcService } from './entry-points/grpc/review.grpc';
import { bookingGrpcService } from './entry-points/grpc/booking.grpc';

export const SCHEMA = 'booking';
const MIGRATIONS = [
  BookingFoundation1764300000000,
  IdempotencyKeys1764500000000,
  BookingLifecycle1764600000000,
  BookingAvailability1764700000000,
  CustomerErasure1764710000000,
  Reviews1764720000000,
];
const IDEMPOTENCY_LOCK_SECONDS = 60;
const PRUNE_EVERY_MS = 15 * 60_000;

function idempotencyStore(config: BookingConfig, dataSource: DataSource) {
  return new IdempotencyStore(dataSource, { ttlSeconds: config.IDEMPOTENCY_TTL_HOURS * 3600, lockSeconds: IDEMPOTENCY_LOCK_SECONDS });
}

function dataSourceFor(config: BookingConfig, logger: Logger) {
  return dataSourceFromConfig(config, SCHEMA, { logger });
}

/** The availability cache in this service's Redis namespace (`availability:{businessId}:…`, 60 s). */
function availabilityCache(config: BookingConfig, redis: Redis, logger: Logger) {
  return new RedisAvailabilityCache(new Cache({ redis, redisKeyPrefix: config.REDIS_KEY_PREFIX, service: SCHEMA, logger }));
}

export function migrateBooking(config: BookingConfig): Promise<string[]> {
  return migrateServiceSchema({ url: config.DATABASE_URL, schema: SCHEMA, environment: config.NODE_ENV, migrations: MIGRATIONS });
}

export interface RunningBookingServer extends RunningRole {
  port: number;
}

/** The gRPC server role: availability and bookings. */
export async function startBookingServer(config: BookingConfig, logger: Logger): Promise<RunningBookingServer> {
  // The first time-zone conversion loads Intl's zone data: pay for it now, not in the first availability request.
  new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Tokyo' }).format(0);
  const dataSource = await dataSourceFor(config, logger).initialize();
  const redis = createRedis(config.REDIS_URL, 'booking-server', { logger });
  const catalog = new GrpcClient(catalogV1.CatalogServiceClient, config.CATALOG_GRPC_URL, {
    downstream: 'catalog',
    deadlineMs: config.GRPC_DEADLINE_MS,
  });
  const server = await serveGrpcRole(config, {
    services: [
      bookingGrpcService(
        {
          repository: new BookingRepository(dataSource),
          lifecycle: new BookingLifecycleRepository(dataSource),
          catalog,
          allocations: new AllocationReader(dataSource),
          availability: availabilityCache(config, redis, logger),
          calendar: new SchedulingDataCache(redis, keyPrefix(config.REDIS_KEY_PREFIX, SCHEMA)),
          holdTtlSeconds: config.HOLD_TTL_SECONDS,
          idempotency: idempotencyStore(config, dataSource),
        },
        logger,
      ),
      customerGrpcService({ customers: new CustomerRepository(dataSource) }, logger),
      reviewGrpcService({ reviews: new ReviewRepository(dataSource) }, logger),
    ],
    logger,
    reflection: { protoRoot: PROTO_ROOT, files: SERVICE_PROTO_FILES },
    ready: async () => dataSource.isInitialized,
  });
  return releasingAfter(server, () => catalog.close(), () => redis.disconnect(), () => dataSource.destroy());
}

/** The worker role: publishes the booking outbox, schedules and runs hold expiry, confirms paid holds, forgets availability on booking and catalog events, prunes old keys. */
export async function startBookingWorker(config: BookingConfig, logger: Logger): Promise<RunningRole> {
  const dataSource = await dataSourceFor(config, logger).initialize();
  const repository = new BookingRepository(dataSource);
  const redis = createRedis(config.REDIS_URL, 'booking-worker', { logger });
  const availability = availabilityCache(config, redis, logger);
  const holdQueues = { connection: { url: config.REDIS_URL }, prefix: queuePrefix(config.REDIS_KEY_PREFIX, SCHEMA) };
  const holds = startHoldExpiry(repository, holdQueues, logger, availability);
  const worker = await startEventsWorker({
    dataSource,
    ...eventsSettings(config),
    streams: ['BOOKING'],
    consumers: [
      // Availability: bookings are forgotten by their use cases at once, these are the backstop; catalog changes only come this way.
      // These four only touch Redis (version INCRs, BullMQ jobs with fixed ids), where repeating is harmless:
      // `idempotent` spares each event a processed_events transaction.
      { stream: 'BOOKING', durable: 'booking-availability', filterSubjects: [AVAILABILITY_SUBJECTS.bookings], handler: availabilityInvalidationHandler(availability), idempotent: true },
      { stream: 'CATALOG', durable: 'booking-catalog-availability', filterSubjects: [AVAILABILITY_SUBJECTS.catalog], handler: availabilityInvalidationHandler(availability), idempotent: true },
      { stream: 'BOOKING', durable: 'booking-holds', filterSubjects: ['booking.booking.created'], handler: holdSchedulingHandler(holds), idempotent: true, relevant: isHold },
      // One durable per subject: a consumer with several filter subjects needs NATS 2.10.
      ...HOLD_ENDING_SUBJECTS.map((subject) => ({
        stream: 'BOOKING' as const,
        durable: `booking-hold-release-${subject.split('.').pop()}`,
        filterSubjects: [subject],
        handler: holdReleaseHandler(holds),
        idempotent: true,
      })),
      // The payment saga: a captured payment confirms its held booking (PAYMENT is payment's stream).
      {
        stream: 'PAYMENT',
        durable: 'booking-payment-succeeded',
        filterSubjects: [PAYMENT_SUCCEEDED_SUBJECT],
        handler: paymentSucceededHandler({ availability, lifecycleIn: (manager) => new BookingLifecycleRepository(inConsumerTransaction(manager)) }, logger),
      },
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
      redis.disconnect();
      await dataSource.destroy();
    },
  };
}
