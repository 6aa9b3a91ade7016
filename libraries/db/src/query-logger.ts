import { counter } from '@omotenashi/metrics';
import type { Logger as PinoLogger } from '@omotenashi/logging';
import type { Logger as TypeOrmLogger } from 'typeorm';

const slowQueries = counter({
  name: 'db_slow_queries_total',
  help: 'Queries slower than DB_SLOW_QUERY_MS (the seed warns above 10 a minute)',
  labelNames: ['schema'],
});

/**
 * TypeORM's hooks for slow and failed queries: counted per schema and logged with the SQL text only —
 * parameters may hold names, emails or phone numbers, so they never reach the log.
 */
export class QueryLogger implements TypeOrmLogger {
  constructor(
    private readonly schema: string,
    private readonly logger?: PinoLogger,
  ) {}

  logQuerySlow(time: number, query: string): void {
    slowQueries.inc({ schema: this.schema });
    this.logger?.warn({ durationMs: time, sql: query.slice(0, 500) }, 'slow query');
  }

  logQueryError(error: string | Error, query: string): void {
    this.logger?.debug({ err: error, sql: query.slice(0, 500) }, 'query failed');
  }

  logQuery(): void {}
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.logger?.info(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger?.warn({ detail: message }, 'typeorm');
  }
}
