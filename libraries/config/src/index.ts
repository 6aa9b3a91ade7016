import { z } from 'zod';

export { z };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment with a zod schema. Every bad or missing variable gets its own line,
 * naming the variable, so an operator fixes all of them in one go.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    const value = env[variable];
    const shown = value === undefined ? 'missing' : `got ${JSON.stringify(value.length > 60 ? value.slice(0, 60) + '…' : value)}`;
    return `${variable}: ${issue.message} (${shown})`;
  });
  throw new ConfigError(problems);
}

const ENVIRONMENTS = ['development', 'test', 'staging', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Env value helpers shared by every service's config schema. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  int: (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max).default(fallback),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  url: (protocols: string[], fallback?: string) => {
    const schema = z.string().refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
        } catch {
          return false;
        }
      },
      { message: `must be a URL with scheme ${protocols.join(' or ')}` },
    );
    return fallback === undefined ? schema : schema.default(fallback);
  },
  /** host:port, as gRPC targets are written. */
  hostPort: (fallback: string) =>
    z.string().regex(/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/, { message: 'must be host:port' }).default(fallback),
  /** Key prefixes and namespaces: empty or lower-case letters, digits, `_`, `-`, ending in the separator. */
  namespace: (fallback = '') => z.string().regex(/^[a-z0-9_-]*$/, { message: 'may hold only a-z, 0-9, _ and -' }).default(fallback),
};

/** Variables every service process reads. */
export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(ENVIRONMENTS, { message: `must be one of ${ENVIRONMENTS.join(', ')}` }).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: env.url(['postgres', 'postgresql'], 'postgres://postgres@127.0.0.1:5432/omotenashi'),
  REDIS_URL: env.url(['redis', 'rediss'], 'redis://127.0.0.1:6379'),
  NATS_URL: env.url(['nats', 'tls'], 'nats://127.0.0.1:4222'),
  /** Prefixes every Redis key (cache and queues): isolates test runs and shared Redis instances. */
  REDIS_KEY_PREFIX: env.namespace(),
  /** Prefixes every NATS subject and stream name: isolates test runs and shared NATS accounts. */
  EVENTS_NAMESPACE: env.namespace(),
  /** Port of the /metrics, /healthz and /readyz endpoint of a server or worker process; 0 picks a free one. */
  METRICS_PORT: env.port(9464),
  METRICS_HOST: z.string().default('127.0.0.1'),
  /** Grace period for draining in-flight work on SIGTERM. */
  SHUTDOWN_TIMEOUT_MS: env.int(25_000, 1_000, 600_000),
  /** How long a consumer may hold an event before JetStream redelivers it. */
  EVENTS_ACK_WAIT_MS: env.int(30_000, 500, 3_600_000),
  /** Deliveries of one event before it is parked in the consumer's dead-letter table. */
  EVENTS_MAX_DELIVER: env.int(5, 1, 100),
  /** Override the seed's per-environment pool bounds (development 2–10, staging 5–20, production 10–50). */
  DB_POOL_MIN: z.coerce.number().int().min(0).max(500).optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(500).optional(),
  /** Queries slower than this count as slow (metric db_slow_queries_total, alert above 10/min). */
  DB_SLOW_QUERY_MS: env.int(500, 1, 600_000),
  /** Parameterized queries as named prepared statements (parsed once per connection); false behind PgBouncer < 1.21 in transaction mode. */
  DB_PREPARED_STATEMENTS: env.bool(true),
});
export type BaseConfig = z.infer<typeof baseEnvSchema>;

/** Variables of a process that serves gRPC. */
export const grpcServerEnv = (defaultPort: number) => ({
  GRPC_PORT: env.port(defaultPort),
  GRPC_HOST: z.string().default('127.0.0.1'),
});

/** Where each service's gRPC server listens by default (one source for servers and clients). */
export const GRPC_DEFAULT_PORTS = { catalog: 50051, booking: 50052, payment: 50053, analytics: 50054 } as const;

/** Variables of a process that calls other services: their targets and the deadline of every call. */
export const grpcClientEnv = {
  CATALOG_GRPC_URL: env.hostPort(`127.0.0.1:${GRPC_DEFAULT_PORTS.catalog}`),
  BOOKING_GRPC_URL: env.hostPort(`127.0.0.1:${GRPC_DEFAULT_PORTS.booking}`),
  PAYMENT_GRPC_URL: env.hostPort(`127.0.0.1:${GRPC_DEFAULT_PORTS.payment}`),
  ANALYTICS_GRPC_URL: env.hostPort(`127.0.0.1:${GRPC_DEFAULT_PORTS.analytics}`),
  GRPC_DEADLINE_MS: env.int(2_000, 50, 60_000),
};
