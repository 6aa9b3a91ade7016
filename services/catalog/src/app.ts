import { Cache, createRedis } from '@omotenashi/cache';
import { dataSourceFromConfig, migrateServiceSchema } from '@omotenashi/db';
import { eventsSettings, startEventsWorker } from '@omotenashi/events';
import { serveGrpcRole } from '@omotenashi/grpc';
import type { Logger } from '@omotenashi/logging';
import { PROTO_ROOT, SERVICE_PROTO_FILES } from '@omotenashi/proto';
import { releasingAfter, type RunningRole } from '@omotenashi/runtime';
import type { CatalogConfig } from './config';
import { BusinessRepository } from './data-access/business.repository';
import { CatalogReadCache } from './data-access/catalog-read.cache';
import { HoursRepository } from './data-access/hours.repository';
import { CatalogFoundation1764300000000 } from './data-access/migrations/1764300000000-catalog-foundation';
import { CatalogSetup1764400000000 } from './data-access/migrations/1764400000000-catalog-setup';
import { ResourceRepository } from './data-access/resource.repository';
import { ServiceRepository } from './data-access/service.repository';
import { StaffRepository } from './data-access/staff.repository';
import { CatalogUseCases } from './domain/use-cases/catalog.use-cases';
import { catalogGrpcService } from './entry-points/grpc/catalog.grpc';

export const SCHEMA = 'catalog';
const MIGRATIONS = [CatalogFoundation1764300000000, CatalogSetup1764400000000];

function dataSourceFor(config: CatalogConfig, logger: Logger) {
  return dataSourceFromConfig(config, SCHEMA, { logger });
}

export function migrateCatalog(config: CatalogConfig): Promise<string[]> {
  return migrateServiceSchema({ url: config.DATABASE_URL, schema: SCHEMA, environment: config.NODE_ENV, migrations: MIGRATIONS });
}

export interface RunningCatalogServer extends RunningRole {
  port: number;
}

/** The gRPC server role: catalog reads (through the Redis cache) and writes (with their outbox events). */
export async function startCatalogServer(config: CatalogConfig, logger: Logger): Promise<RunningCatalogServer> {
  const dataSource = await dataSourceFor(config, logger).initialize();
  const redis = createRedis(config.REDIS_URL, 'catalog-server', { logger });
  const cache = new Cache({ redis, redisKeyPrefix: config.REDIS_KEY_PREFIX, service: SCHEMA, logger });
  const repositories = {
    businesses: new BusinessRepository(dataSource),
    hours: new HoursRepository(dataSource),
    services: new ServiceRepository(dataSource),
    resources: new ResourceRepository(dataSource),
    staff: new StaffRepository(dataSource),
  };
  const useCases = new CatalogUseCases({ ...repositories, reads: new CatalogReadCache(cache, repositories) });
  const server = await serveGrpcRole(config, {
    services: [catalogGrpcService(useCases, logger)],
    logger,
    reflection: { protoRoot: PROTO_ROOT, files: SERVICE_PROTO_FILES },
    ready: async () => dataSource.isInitialized,
  });
  return releasingAfter(server, () => redis.disconnect(), () => dataSource.destroy());
}

/** The worker role: publishes the catalog's outbox to the CATALOG stream. */
export async function startCatalogWorker(config: CatalogConfig, logger: Logger): Promise<RunningRole> {
  const dataSource = await dataSourceFor(config, logger).initialize();
  const worker = await startEventsWorker({
    dataSource,
    ...eventsSettings(config),
    streams: ['CATALOG'],
    consumers: [],
    logger,
  });
  return releasingAfter(worker, () => dataSource.destroy());
}
