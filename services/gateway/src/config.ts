import { baseEnvSchema, env, grpcClientEnv, loadConfig, z } from '@omotenashi/config';

/** Every variable the gateway reads; `loadGatewayConfig` fails with one line per bad value. */
export const gatewayEnvSchema = baseEnvSchema.extend({
  PORT: env.port(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  ...grpcClientEnv,
  /** Largest accepted request body; JSON bodies of this API are a few KiB at most. */
  BODY_LIMIT_BYTES: env.int(65_536, 1_024, 10 * 1024 * 1024),
  /** Behind a load balancer or ingress: trust its X-Forwarded-* headers for the client address. */
  TRUST_PROXY: env.bool(false),
});

export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;

export function loadGatewayConfig(source: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(gatewayEnvSchema, source);
}
