import type { DiscoveryOptions, ResolvedService } from './infrastructure.types';
import { discoverService, type ServiceSpec } from './discovery-chain';
import { InfrastructureError, reasonOf } from './infrastructure.errors';
import { launchPostgres } from './postgres.private';
import { databaseOf, ensureDatabase, probePostgres, withDatabase } from './postgres.probe';

export const DEFAULT_DATABASE = 'omotenashi';
const DEFAULT_PORT = 5432;

function postgresSpec(database: string | undefined): ServiceSpec {
  return {
    service: 'postgres',
    label: 'PostgreSQL',
    envVar: 'DATABASE_URL',
    defaultPort: DEFAULT_PORT,
    defaultLocalPort: DEFAULT_PORT,
    defaultPrivatePort: 54329,
    urlFor: (port) => `postgres://postgres@127.0.0.1:${port}/${database ?? DEFAULT_DATABASE}`,
    fromEnv: (url) => (database ? withDatabase(url, database) : url),
    probe: probePostgres,
    launchPrivate: launchPostgres,
  };
}

/**
 * DATABASE_URL, else Postgres on 127.0.0.1:5432 (user postgres, trust), else the embedded cluster in
 * `.data/postgres` on 54329. The database in the returned URL exists afterwards.
 */
export async function discoverPostgres(options: DiscoveryOptions = {}): Promise<ResolvedService> {
  const resolved = await discoverService(postgresSpec(options.database), options);
  try {
    await ensureDatabase(resolved.url);
  } catch (error) {
    await resolved.stop();
    const where = resolved.source === 'env' ? 'DATABASE_URL' : `${resolved.source} PostgreSQL`;
    throw new InfrastructureError(`could not create database "${databaseOf(resolved.url)}" on ${where} (${reasonOf(error)})`, { cause: error });
  }
  return resolved;
}
