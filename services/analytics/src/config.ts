import { baseEnvSchema, GRPC_DEFAULT_PORTS, grpcServerEnv, loadConfig } from '@omotenashi/config';

export const analyticsEnvSchema = baseEnvSchema.extend({ ...grpcServerEnv(GRPC_DEFAULT_PORTS.analytics) });

export type AnalyticsConfig = ReturnType<typeof loadAnalyticsConfig>;

export function loadAnalyticsConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(analyticsEnvSchema, env);
}
