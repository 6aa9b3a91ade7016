import { baseEnvSchema, env, GRPC_DEFAULT_PORTS, grpcClientEnv, grpcServerEnv, loadConfig } from '@omotenashi/config';

export const bookingEnvSchema = baseEnvSchema.extend({
  ...grpcServerEnv(GRPC_DEFAULT_PORTS.booking),
  CATALOG_GRPC_URL: grpcClientEnv.CATALOG_GRPC_URL,
  GRPC_DEADLINE_MS: grpcClientEnv.GRPC_DEADLINE_MS,
  /** How long a `held` booking keeps its slot while the customer pays (15 minutes). */
  HOLD_TTL_SECONDS: env.int(15 * 60, 1, 24 * 3600),
  /** Backstop for hold expiry: how often the worker sweeps holds whose delayed job was lost. */
  HOLD_SWEEP_INTERVAL_MS: env.int(30_000, 100, 3_600_000),
  /** How long an Idempotency-Key is remembered. */
  IDEMPOTENCY_TTL_HOURS: env.int(24, 1, 24 * 30),
});

export type BookingConfig = ReturnType<typeof loadBookingConfig>;

export function loadBookingConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(bookingEnvSchema, env);
}
