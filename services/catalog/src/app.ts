import { Cache, createRedis } from '@omotenashi/cache';
import { dataSourceFromConfig, migrateServiceSchema } from '@omotenashi/db';
import { startEventsWorker } from '@omotenashi/events';
import { startGrpcServer } from '@omotenashi/grpc';
import type { Logger } from '@omotenashi/logging';
import { PROTO_ROOT, SERVICE_PROTO_FILES } from '@omotenashi/proto';
import type { RunningRole } from '@omotenashi/runtime';
import type { CatalogConfig } from './config';
import { CatalogReadCache } from './data-access/catalog-read.cache';
import { CatalogRepository } from './data-access/catalog.repository';
import { BusinessEntity } from './data-access/entities/business.entity';
import { ServiceEntity } from './data-access/entities/service.entity';
import { CatalogFoundation1764300000000 } from './data-access/migrations/1764300000000-catalog-foundation';
import { CatalogUseCases } from './domain/use-cases/catalog.use-cases';
import { catalogGrpcService } from './entry-points/grpc/catalog.grpc';

export const SCHEMA = 'catalog';
const MIGRATIONS = [CatalogFoundation1764300000000];

function dataSourceFor(config: CatalogConfig, logger: Logger) {
  return dataSourceFromConfig(config, SCHEMA, { entities: [BusinessEntity, ServiceEntity], logger });
}

export function migrateCatalog(config: CatalogConfig): Promise<string[]> {
  return migrateServiceSchema({ url: config.DATABASE_URL, schema: SCHEMA, environment: config.NODE_ENV, migrations: MIGRATIONS });
}

export interface RunningCatalogServer extends RunningRole {
  port: number;
}

/** The gRPC server role: catalog reads and writes. */
export async function startCatalogServer(config: CatalogConfig, logger: Logger): Promise<RunningCatalogServer> {
  const dataSource = await dataSourceFor(config, logger).initialize();
  const redis = createRedis(config.REDIS_URL, 'catalog-server', { logger });
  const cache = new Cache({ redis, redisKeyPrefix: config.REDIS_KEY_PREFIX, service: SCHEMA, logger });
  const repository = new CatalogRepository(dataSource);
  const useCases = new CatalogUseCases(repository, new CatalogReadCache(cache, repository));
  const server = await startGrpcServer({
    host: config.GRPC_HOST,
    port: config.GRPC_PORT,
    services: [catalogGrpcService(useCases, logger)],
    logger,
    reflection: { protoRoot: PROTO_ROOT, files: SERVICE_PROTO_FILES },
  });
  return {
    port: server.port,
    ready: async () => dataSource.isInitialized,
    stop: async () => {
      await server.shutdown(config.SHUTDOWN_TIMEOUT_MS);
      redis.disconnect();
      await dataSource.destroy();
    },
  };
}

/** The worker role: publishes the catalog's outbox to the CATALOG stream. */
export async function startCatalogWorker(config: CatalogConfig, logger: Logger): Promise<RunningRole> {
  const dataSource = await dataSourceFor(config, logger).initialize();
  const worker = await startEventsWorker({
    dataSource,
    natsUrl: config.NATS_URL,
    namespace: config.EVENTS_NAMESPACE,
    consumerDefaults: { ackWaitMs: config.EVENTS_ACK_WAIT_MS, maxDeliver: config.EVENTS_MAX_DELIVER },
    streams: ['CATALOG'],
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
