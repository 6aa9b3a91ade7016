import { baseEnvSchema, GRPC_DEFAULT_PORTS, grpcServerEnv, loadConfig } from '@omotenashi/config';

export const catalogEnvSchema = baseEnvSchema.extend({ ...grpcServerEnv(GRPC_DEFAULT_PORTS.catalog) });

export type CatalogConfig = ReturnType<typeof loadCatalogConfig>;

export function loadCatalogConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(catalogEnvSchema, env);
}
