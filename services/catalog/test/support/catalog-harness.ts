import { GrpcClient } from '@omotenashi/grpc';
import { createLogger } from '@omotenashi/logging';
import { catalogV1 } from '@omotenashi/proto';
import { createTestInfra, type TestInfra } from '@omotenashi/testkit';
import Redis from 'ioredis';
import { Client } from 'pg';
import { migrateCatalog, startCatalogServer, type RunningCatalogServer } from '../../src/app';
import { loadCatalogConfig } from '../../src/config';

/** The real catalog server on port 0 against this file's own database, Redis prefix and NATS namespace. */
export interface CatalogHarness {
  infra: TestInfra;
  catalog: GrpcClient<catalogV1.CatalogServiceClient>;
  redis: Redis;
  /** A direct connection to the catalog schema, for the outbox and EXPLAIN. */
  db: Client;
  stop(): Promise<void>;
}

export async function startCatalog(label: string): Promise<CatalogHarness> {
  const infra = await createTestInfra(label);
  const config = loadCatalogConfig({ ...infra.env, GRPC_PORT: '0' });
  await migrateCatalog(config);
  let server: RunningCatalogServer | undefined;
  try {
    server = await startCatalogServer(config, createLogger('catalog-test', { level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  } catch (error) {
    await infra.cleanup();
    throw error;
  }
  const catalog = new GrpcClient(catalogV1.CatalogServiceClient, `127.0.0.1:${server.port}`, { downstream: 'catalog', deadlineMs: 5_000 });
  const redis = new Redis(infra.redisUrl);
  const db = new Client({ connectionString: infra.databaseUrl, options: '-c search_path=catalog,public' });
  await db.connect();
  return {
    infra,
    catalog,
    redis,
    db,
    async stop() {
      catalog.close();
      redis.disconnect();
      await db.end();
      await server?.stop();
      await infra.cleanup();
    },
  };
}

export const newBusiness = (slug: string, overrides: Partial<catalogV1.CreateBusinessRequest> = {}): catalogV1.CreateBusinessRequest =>
  catalogV1.CreateBusinessRequest.fromPartial({
    slug,
    displayNameJa: '美容室さくら',
    displayNameEn: 'Salon Sakura',
    category: 'hair',
    timezone: 'Asia/Tokyo',
    currency: 'JPY',
    ...overrides,
  });

export const newService = (businessId: string, overrides: Partial<catalogV1.CreateServiceRequest> = {}): catalogV1.CreateServiceRequest =>
  catalogV1.CreateServiceRequest.fromPartial({
    businessId,
    nameJa: 'カット',
    nameEn: 'Haircut',
    category: 'hair',
    durationMinutes: 60,
    price: { amount: 5500, currency: 'JPY' },
    capacity: 1,
    prepayment: 'none',
    ...overrides,
  });

export const newStaff = (businessId: string, overrides: Partial<catalogV1.CreateStaffRequest> = {}): catalogV1.CreateStaffRequest =>
  catalogV1.CreateStaffRequest.fromPartial({ businessId, email: 'yui@example.jp', displayName: '佐藤 結衣', role: 'staff', ...overrides });

export const newResource = (businessId: string, overrides: Partial<catalogV1.CreateResourceRequest> = {}): catalogV1.CreateResourceRequest =>
  catalogV1.CreateResourceRequest.fromPartial({ businessId, kind: 'chair', nameJa: 'セット面1', nameEn: 'Styling chair 1', capacity: 1, ...overrides });

/** The field pointers a rejected call named, sorted. */
export async function rejectedPointers(call: Promise<unknown>): Promise<string[]> {
  try {
    await call;
  } catch (error) {
    return ((error as { fields?: { pointer: string }[] }).fields ?? []).map((f) => f.pointer).sort();
  }
  throw new Error('the call was expected to fail');
}
