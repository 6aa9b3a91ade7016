import { baseEnvSchema, ConfigError, env, GRPC_DEFAULT_PORTS, grpcClientEnv, grpcServerEnv, loadConfig, z } from '@omotenashi/config';

export const PAYMENT_PROVIDERS = ['sandbox', 'stripe'] as const;

/** Only for development and tests: a production deployment must set its own secret. */
const DEV_SANDBOX_WEBHOOK_SECRET = 'whsec_sandbox_development_only_secret';

export const paymentEnvSchema = baseEnvSchema.extend({
  ...grpcServerEnv(GRPC_DEFAULT_PORTS.payment),
  BOOKING_GRPC_URL: grpcClientEnv.BOOKING_GRPC_URL,
  GRPC_DEADLINE_MS: grpcClientEnv.GRPC_DEADLINE_MS,
  /** Comma-separated providers this deployment enables; the first is the default. */
  PAYMENT_PROVIDERS: z
    .string()
    .default('sandbox')
    .transform((value) => value.split(',').map((p) => p.trim()).filter(Boolean))
    .pipe(z.array(z.enum(PAYMENT_PROVIDERS)).min(1, { message: 'name at least one provider' })),
  /** HMAC secret of the built-in sandbox PSP's webhooks; a development default outside production. */
  PAYMENT_SANDBOX_WEBHOOK_SECRET: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
  /** Where the sandbox PSP POSTs its signed webhooks (the gateway's /v1/payments/webhooks/sandbox). */
  PAYMENT_SANDBOX_WEBHOOK_URL: env.url(['http', 'https'], 'http://127.0.0.1:8080/v1/payments/webhooks/sandbox'),
  /** Webhooks signed longer ago than this are refused (replay window). */
  PAYMENT_WEBHOOK_TOLERANCE_SECONDS: env.int(300, 1, 86_400),
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** Another Stripe API base (a local stand-in in tests); unset: Stripe itself. */
  STRIPE_API_BASE: env.url(['http', 'https']).optional(),
  /** Every provider call gives up after this long (and counts against the provider's breaker). */
  PAYMENT_PROVIDER_TIMEOUT_MS: env.int(10_000, 50, 120_000),
  /** Circuit breaker per provider (opossum): opens when more than this share of calls in the window fail… */
  PAYMENT_BREAKER_ERROR_THRESHOLD_PERCENT: env.int(50, 1, 100),
  /** …once at least this many calls were made in the window… */
  PAYMENT_BREAKER_VOLUME_THRESHOLD: env.int(5, 1, 100_000),
  /** …over a rolling window this long; after PAYMENT_BREAKER_RESET_TIMEOUT_MS open, one trial call may close it again. */
  PAYMENT_BREAKER_ROLLING_WINDOW_MS: env.int(10_000, 1_000, 600_000),
  PAYMENT_BREAKER_RESET_TIMEOUT_MS: env.int(5_000, 100, 600_000),
  /** How often the worker looks for unprocessed webhooks and pending provider commands. */
  PAYMENT_INBOX_POLL_MS: env.int(250, 10, 60_000),
  /** Attempts of one webhook or provider command before it is parked for an operator. */
  PAYMENT_MAX_ATTEMPTS: env.int(8, 1, 100),
});

/** Variables required only in some combinations, checked after the schema so every problem is listed at once. */
function combinationProblems(config: z.infer<typeof paymentEnvSchema>): string[] {
  const problems: string[] = [];
  if (config.NODE_ENV === 'production' && config.PAYMENT_PROVIDERS.includes('sandbox') && !config.PAYMENT_SANDBOX_WEBHOOK_SECRET) {
    problems.push('PAYMENT_SANDBOX_WEBHOOK_SECRET: is required in production when the sandbox provider is enabled (missing)');
  }
  if (config.PAYMENT_PROVIDERS.includes('stripe')) {
    for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'] as const) {
      if (!config[name]) problems.push(`${name}: is required when PAYMENT_PROVIDERS includes stripe (missing)`);
    }
  }
  return problems;
}

export type PaymentConfig = ReturnType<typeof loadPaymentConfig>;

export function loadPaymentConfig(environment: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(paymentEnvSchema, environment);
  const problems = combinationProblems(config);
  if (problems.length) throw new ConfigError(problems);
  return { ...config, PAYMENT_SANDBOX_WEBHOOK_SECRET: config.PAYMENT_SANDBOX_WEBHOOK_SECRET ?? DEV_SANDBOX_WEBHOOK_SECRET };
}
