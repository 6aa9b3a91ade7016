import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import Redis from 'ioredis';
import { Client } from 'pg';

/**
 * Everything one test file needs to run against the real Postgres, Redis and NATS without seeing
 * any other run's data: its own database, Redis key prefix and NATS subject/stream namespace.
 */
export interface TestInfra {
  runId: string;
  databaseUrl: string;
  redisUrl: string;
  natsUrl: string;
  redisKeyPrefix: string;
  eventsNamespace: string;
  /** The variables a service process reads, pointing at this run's isolated resources. */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

export const TEST_DATABASE_PREFIX = 'omo_test_';
const STALE_AFTER_MS = 2 * 60 * 60 * 1000;

function baseUrls() {
  return {
    database: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    nats: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Run ids start with the creation time (base 36) so a later run can sweep what a crashed one left. */
export function newRunId(label = 't'): string {
  const clean = label.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 12) || 't';
  return `${Date.now().toString(36)}_${clean}_${randomBytes(3).toString('hex')}`;
}

export async function createTestInfra(label?: string): Promise<TestInfra> {
  const base = baseUrls();
  const runId = newRunId(label);
  const database = TEST_DATABASE_PREFIX + runId;
  const admin = new Client({ connectionString: withDatabase(base.database, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  const databaseUrl = withDatabase(base.database, database);
  const redisKeyPrefix = `t-${runId.replace(/_/g, '-')}`;
  const eventsNamespace = `t_${runId}`;
  return {
    runId,
    databaseUrl,
    redisUrl: base.redis,
    natsUrl: base.nats,
    redisKeyPrefix,
    eventsNamespace,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DATABASE_URL: databaseUrl,
      REDIS_URL: base.redis,
      NATS_URL: base.nats,
      REDIS_KEY_PREFIX: redisKeyPrefix,
      EVENTS_NAMESPACE: eventsNamespace,
      METRICS_PORT: '0',
    },
    cleanup: () => dropRun({ database, databaseUrl: base.database, redisUrl: base.redis, natsUrl: base.nats, redisKeyPrefix, eventsNamespace }),
  };
}

interface RunResources {
  database: string;
  databaseUrl: string;
  redisUrl: string;
  natsUrl: string;
  redisKeyPrefix: string;
  eventsNamespace: string;
}

/**
 * Gives sessions still on the database a moment to finish (a fire-and-forget write after an answer, a
 * pool closing) before DROP … WITH (FORCE) terminates them: a terminated idle client emits an error that
 * Jest would pin on whatever test runs next in the worker.
 */
async function untilDisconnected(admin: Client, database: string, graceMs = 2_000): Promise<void> {
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [database]);
    if (!rows[0]?.n) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function dropRun(run: RunResources): Promise<void> {
  const admin = new Client({ connectionString: withDatabase(run.databaseUrl, 'postgres') });
  await admin.connect();
  try {
    await untilDisconnected(admin, run.database);
    await admin.query(`DROP DATABASE IF EXISTS "${run.database}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await deleteRedisKeys(run.redisUrl, `${run.redisKeyPrefix}:*`);
  await deleteStreams(run.natsUrl, (name) => name.startsWith(`${run.eventsNamespace}_`));
}

async function deleteRedisKeys(redisUrl: string, pattern: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function deleteStreams(natsUrl: string, matches: (name: string) => boolean): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    for await (const name of jsm.streams.names()) {
      if (matches(name)) await jsm.streams.delete(name).catch(() => undefined);
    }
  } finally {
    await nc.close();
  }
}

/** Removes databases, keys and streams of test runs that crashed more than two hours ago. */
export async function sweepStaleRuns(): Promise<number> {
  const base = baseUrls();
  const cutoff = Date.now() - STALE_AFTER_MS;
  const isStale = (runId: string) => {
    const created = parseInt(runId.split('_')[0] ?? '', 36);
    return Number.isFinite(created) && created < cutoff;
  };
  const admin = new Client({ connectionString: withDatabase(base.database, 'postgres') });
  await admin.connect();
  let swept = 0;
  try {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${TEST_DATABASE_PREFIX}%`,
    ]);
    for (const { datname } of rows) {
      if (!isStale(datname.slice(TEST_DATABASE_PREFIX.length))) continue;
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
      swept++;
    }
  } finally {
    await admin.end();
  }
  await deleteStreams(base.nats, (name) => name.startsWith('t_') && isStale(name.slice(2)));
  return swept;
}

/** Polls until `check` returns a value other than undefined/false, or throws after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
