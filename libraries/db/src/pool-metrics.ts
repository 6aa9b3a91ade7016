import { gauge } from '@omotenashi/metrics';
import type { DataSource } from 'typeorm';

interface PgPoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

const pools = new Map<string, DataSource>();

function poolOf(dataSource: DataSource): PgPoolCounts | undefined {
  return (dataSource.driver as unknown as { master?: PgPoolCounts }).master;
}

function collectInto(name: 'total' | 'idle' | 'waiting' | 'max') {
  return function (this: { set(labels: { schema: string }, value: number): void }) {
    for (const [schema, dataSource] of pools) {
      const pool = dataSource.isInitialized ? poolOf(dataSource) : undefined;
      if (!pool) continue;
      const value =
        name === 'total' ? pool.totalCount : name === 'idle' ? pool.idleCount : name === 'waiting' ? pool.waitingCount : pool.options?.max ?? 0;
      this.set({ schema }, value);
    }
  };
}

/** DB pool total/idle/waiting/max gauges (DESIGN §10; alert when total/max > 80 %). */
export function watchPool(schema: string, dataSource: DataSource): void {
  pools.set(schema, dataSource);
  gauge({ name: 'db_pool_connections_total', help: 'Open connections in the pool', labelNames: ['schema'], collect: collectInto('total') });
  gauge({ name: 'db_pool_connections_idle', help: 'Idle connections in the pool', labelNames: ['schema'], collect: collectInto('idle') });
  gauge({ name: 'db_pool_waiting_clients', help: 'Queries waiting for a connection', labelNames: ['schema'], collect: collectInto('waiting') });
  gauge({ name: 'db_pool_connections_max', help: 'Pool size limit', labelNames: ['schema'], collect: collectInto('max') });
}
