import { dataSourceFromConfig, migrateServiceSchema } from '@omotenashi/db';
import { eventsSettings, startEventsWorker } from '@omotenashi/events';
import { serveGrpcRole } from '@omotenashi/grpc';
import type { Logger } from '@omotenashi/logging';
import { PROTO_ROOT, SERVICE_PROTO_FILES } from '@omotenashi/proto';
import { releasingAfter, type RunningRole } from '@omotenashi/runtime';
import type { AnalyticsConfig } from './config';
import { DailyStatsRepository } from './data-access/daily-stats.repository';
import { AnalyticsFoundation1764300000000 } from './data-access/migrations/1764300000000-analytics-foundation';
import { analyticsGrpcService } from './entry-points/grpc/analytics.grpc';
import { bookingCreatedStatement } from './entry-points/messaging/booking-events.handler';

export const SCHEMA = 'analytics';
const MIGRATIONS = [AnalyticsFoundation1764300000000];

function dataSourceFor(config: AnalyticsConfig, logger: Logger) {
  return dataSourceFromConfig(config, SCHEMA, { logger });
}

export function migrateAnalytics(config: AnalyticsConfig): Promise<string[]> {
  return migrateServiceSchema({ url: config.DATABASE_URL, schema: SCHEMA, environment: config.NODE_ENV, migrations: MIGRATIONS });
}

export interface RunningAnalyticsServer extends RunningRole {
  port: number;
}

/** The gRPC server role: reports over what the worker has counted. */
export async function startAnalyticsServer(config: AnalyticsConfig, logger: Logger): Promise<RunningAnalyticsServer> {
  const dataSource = await dataSourceFor(config, logger).initialize();
  const server = await serveGrpcRole(config, {
    services: [analyticsGrpcService(new DailyStatsRepository(dataSource), logger)],
    logger,
    reflection: { protoRoot: PROTO_ROOT, files: SERVICE_PROTO_FILES },
    ready: async () => dataSource.isInitialized,
  });
  return releasingAfter(server, () => dataSource.destroy());
}

/** The worker role: consumes booking events idempotently into daily aggregates. */
export async function startAnalyticsWorker(config: AnalyticsConfig, logger: Logger): Promise<RunningRole> {
  const dataSource = await dataSourceFor(config, logger).initialize();
  const worker = await startEventsWorker({
    dataSource,
    ...eventsSettings(config),
    streams: [],
    consumers: [
      { stream: 'BOOKING', durable: 'analytics-bookings', filterSubjects: ['booking.booking.created'], statement: bookingCreatedStatement },
    ],
    logger,
  });
  return releasingAfter(worker, () => dataSource.destroy());
}
