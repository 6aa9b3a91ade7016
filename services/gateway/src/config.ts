import { baseEnvSchema, env, grpcClientEnv, loadConfig, z } from '@omotenashi/config';

/** A quota per window, e.g. `60/60s`: at most 60 requests per 60-second window. */
export interface RateLimitQuota {
  quota: number;
  windowSeconds: number;
}

const RATE_LIMIT_FORMAT = /^([1-9]\d{0,8})\/([1-9]\d{0,6})(s|m|h)$/;
const WINDOW_UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3_600 };

function rateLimit(fallback: string) {
  return z
    .string()
    .regex(RATE_LIMIT_FORMAT, { message: 'must be <requests>/<window> with the window in s, m or h, e.g. 60/60s or 1000/1h' })
    .default(fallback)
    .transform((value): RateLimitQuota => {
      const [, quota, amount, unit] = RATE_LIMIT_FORMAT.exec(value) as RegExpExecArray;
      return { quota: Number(quota), windowSeconds: Number(amount) * (WINDOW_UNIT_SECONDS[unit as string] as number) };
    });
}

/** `CORS_ORIGINS`: comma-separated origins (`https://shop.example`), or `*` for any; empty means no browser origin. */
function corsOrigins() {
  const isOrigin = (value: string) => {
    try {
      return value === '*' || new URL(value).origin === value;
    } catch {
      return false;
    }
  };
  return z
    .string()
    .default('')
    .transform((value) => value.split(',').map((item) => item.trim().replace(/\/$/, '')).filter(Boolean))
    .refine((origins) => origins.every(isOrigin), { message: 'must be comma-separated origins like https://shop.example (scheme, host, port; no path) or *' });
}

function deadlineOverride() {
  return z.coerce.number().int().min(50).max(60_000).optional();
}

/** Every variable the gateway reads; `loadGatewayConfig` fails with one line per bad value. */
export const gatewayEnvSchema = baseEnvSchema.extend({
  PORT: env.port(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  ...grpcClientEnv,
  /** Largest accepted request body; JSON bodies of this API are a few KiB at most. */
  BODY_LIMIT_BYTES: env.int(65_536, 1_024, 10 * 1024 * 1024),
  /** Behind a load balancer or ingress: trust its X-Forwarded-* headers for the client address. */
  TRUST_PROXY: env.bool(false),
  /** HS256 key of access tokens, at least 32 bytes; required in staging/production, random per process otherwise. */
  JWT_SECRET: z.string().refine((value) => Buffer.byteLength(value) >= 32, { message: 'must be at least 32 bytes' }).optional(),
  /** Lifetime of an access token (JWT); permissions and sessions are cached in Redis for as long. */
  ACCESS_TOKEN_TTL_SECONDS: env.int(900, 60, 3_600),
  /** Lifetime of a refresh token; each refresh issues a new one with a fresh lifetime. */
  REFRESH_TOKEN_TTL_SECONDS: env.int(30 * 86_400, 3_600, 365 * 86_400),
  /** scrypt cost of password hashes as log2(N), r=8, p=1: 16 = 64 MiB per hash; hashes rehash at sign-in when it changes. */
  PASSWORD_SCRYPT_LOG_N: env.int(16, 15, 20),
  /** Rate limits in Redis, `<requests>/<window>` (README "Protection"): anonymous callers per IP, users, API keys. */
  RATE_LIMIT_ENABLED: env.bool(true),
  RATE_LIMIT_ANONYMOUS: rateLimit('60/60s'),
  RATE_LIMIT_USER: rateLimit('600/60s'),
  RATE_LIMIT_API_KEY: rateLimit('6000/60s'),
  /** Credential routes (`/v1/auth/*`) per client IP, whoever calls: slows password guessing. */
  RATE_LIMIT_AUTH: rateLimit('20/60s'),
  /** Per-downstream gRPC deadlines; each defaults to GRPC_DEADLINE_MS. */
  CATALOG_DEADLINE_MS: deadlineOverride(),
  BOOKING_DEADLINE_MS: deadlineOverride(),
  PAYMENT_DEADLINE_MS: deadlineOverride(),
  ANALYTICS_DEADLINE_MS: deadlineOverride(),
  /** Circuit breaker per downstream (opossum): opens when more than this share of calls in the window fail… */
  BREAKER_ERROR_THRESHOLD_PERCENT: env.int(50, 1, 100),
  /** …once at least this many calls were made in the window… */
  BREAKER_VOLUME_THRESHOLD: env.int(5, 1, 100_000),
  /** …over a rolling window this long; after BREAKER_RESET_TIMEOUT_MS open, one trial call may close it again. */
  BREAKER_ROLLING_WINDOW_MS: env.int(10_000, 1_000, 600_000),
  BREAKER_RESET_TIMEOUT_MS: env.int(5_000, 100, 600_000),
  /** Browser origins allowed to call the API (CORS), comma-separated, or `*`; none by default. */
  CORS_ORIGINS: corsOrigins(),
  /** HMAC key of list cursors, at least 32 bytes; unset: derived from JWT_SECRET, else random per process. */
  CURSOR_SECRET: z.string().refine((value) => Buffer.byteLength(value) >= 32, { message: 'must be at least 32 bytes' }).optional(),
  /** The API's base URL as clients reach it (OpenAPI `servers`), e.g. https://api.omotenashi.example; unset: `/`. */
  PUBLIC_BASE_URL: env.url(['http', 'https']).optional(),
});

export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;

export function loadGatewayConfig(source: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(gatewayEnvSchema, source);
}
