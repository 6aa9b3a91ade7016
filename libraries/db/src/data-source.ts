import type { Logger as PinoLogger } from '@omotenashi/logging';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { PreparingClient } from './prepared-statements';
import { QueryLogger } from './query-logger';
import type { Environment } from './pool-sizes';
import { POOL_SIZES } from './pool-sizes';
import { watchPool } from './pool-metrics';

export { POOL_SIZES, type Environment } from './pool-sizes';

export interface ServiceDataSourceOptions {
  url: string;
  /** The service's own Postgres schema: `catalog`, `booking`, `payment`, `analytics`, `identity`. */
  schema: string;
  environment: Environment;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: MixedList<Function | string>;
  /**
   * Role the connection switches to (Postgres `role` setting): it may touch only this service's schema,
   * so a query into a foreign schema fails even if code tries. Empty string disables (managed databases
   * that give each service its own login instead).
   */
  serviceRole?: string;
  applicationName?: string;
  poolMin?: number;
  poolMax?: number;
  statementTimeoutMs?: number;
  /** Queries slower than this are counted in db_slow_queries_total and logged (SQL only). */
  slowQueryMs?: number;
  /** Parameterized queries as named prepared statements, once per connection (PreparingClient). Default on. */
  preparedStatements?: boolean;
  logger?: PinoLogger;
}

export function serviceRoleName(schema: string): string {
  return `omotenashi_${schema}`;
}

/** The connection settings sent at startup: schema-first search path, the service role, a statement timeout. */
function startupOptions(schema: string, role: string, statementTimeoutMs: number): string {
  const settings = [`-c search_path=${schema},public`, `-c statement_timeout=${statementTimeoutMs}`];
  if (role) settings.push(`-c role=${role}`);
  return settings.join(' ');
}

export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  const sizes = POOL_SIZES[options.environment];
  const role = options.serviceRole ?? serviceRoleName(options.schema);
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities ?? [],
    migrations: options.migrations ?? [],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    applicationName: options.applicationName ?? `omotenashi-${options.schema}`,
    synchronize: false,
    logging: ['error', 'warn', 'migration'],
    logger: new QueryLogger(options.schema, options.logger),
    maxQueryExecutionTime: options.slowQueryMs ?? 500,
    extra: {
      min: options.poolMin ?? sizes.min,
      max: options.poolMax ?? sizes.max,
      idleTimeoutMillis: 10_000,
      connectionTimeoutMillis: 30_000,
      options: startupOptions(options.schema, role, options.statementTimeoutMs ?? 15_000),
      ...(options.preparedStatements === false ? {} : { Client: PreparingClient }),
    },
  });
  const initialize = dataSource.initialize.bind(dataSource);
  dataSource.initialize = async () => {
    await initialize();
    watchPool(options.schema, dataSource);
    return dataSource;
  };
  return dataSource;
}

/** Runs `work` in one transaction; everything it writes through `manager` commits or rolls back together. */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: DataSource['manager']) => Promise<T>,
): Promise<T> {
  return dataSource.transaction(work);
}

/** The environment variables every service's database settings come from. */
export interface DatabaseConfig {
  DATABASE_URL: string;
  NODE_ENV: Environment;
  DB_POOL_MIN?: number;
  DB_POOL_MAX?: number;
  DB_SLOW_QUERY_MS?: number;
  DB_PREPARED_STATEMENTS?: boolean;
}

export function dataSourceFromConfig(
  config: DatabaseConfig,
  schema: string,
  extra: Pick<ServiceDataSourceOptions, 'entities' | 'logger'> = {},
): DataSource {
  return createServiceDataSource({
    url: config.DATABASE_URL,
    schema,
    environment: config.NODE_ENV,
    poolMin: config.DB_POOL_MIN,
    poolMax: config.DB_POOL_MAX,
    slowQueryMs: config.DB_SLOW_QUERY_MS,
    preparedStatements: config.DB_PREPARED_STATEMENTS,
    ...extra,
  });
}
