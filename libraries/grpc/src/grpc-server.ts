import { Server, ServerCredentials, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import type { Logger } from '@omotenashi/logging';
import { HealthImplementation } from 'grpc-health-check';

export interface GrpcServiceRegistration {
  /** Fully qualified name, e.g. `omotenashi.catalog.v1.CatalogService` (used for health status). */
  name: string;
  definition: ServiceDefinition;
  implementation: UntypedServiceImplementation;
}

export interface GrpcServerOptions {
  host: string;
  port: number;
  services: GrpcServiceRegistration[];
  logger: Logger;
  /** .proto sources for server reflection (grpcurl, Postman). */
  reflection?: { protoRoot: string; files: string[] };
}

export interface RunningGrpcServer {
  port: number;
  address: string;
  /** Health says NOT_SERVING at once, in-flight calls finish, then the server closes (forced after timeoutMs). */
  shutdown(timeoutMs?: number): Promise<void>;
}

export async function startGrpcServer(options: GrpcServerOptions): Promise<RunningGrpcServer> {
  const server = new Server({ 'grpc.max_receive_message_length': 4 * 1024 * 1024 });
  const statuses = Object.fromEntries(options.services.map((s) => [s.name, 'SERVING' as const]));
  const health = new HealthImplementation({ '': 'SERVING', ...statuses });
  health.addToServer(server);
  for (const service of options.services) server.addService(service.definition, service.implementation);
  if (options.reflection) {
    const definitions = loadSync(options.reflection.files, { includeDirs: [options.reflection.protoRoot] });
    new ReflectionService(definitions).addToServer(server);
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${options.host}:${options.port}`, ServerCredentials.createInsecure(), (error, boundPort) =>
      error ? reject(error) : resolve(boundPort),
    ),
  );
  const address = `${options.host}:${port}`;
  options.logger.info({ address }, 'gRPC server listening');

  return {
    port,
    address,
    shutdown: (timeoutMs = 10_000) =>
      new Promise<void>((resolve) => {
        for (const name of ['', ...Object.keys(statuses)]) health.setStatus(name, 'NOT_SERVING');
        const force = setTimeout(() => {
          options.logger.warn('gRPC drain timed out, forcing shutdown');
          server.forceShutdown();
          resolve();
        }, timeoutMs);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}

/** What a service's `server` role reads to serve gRPC. */
export interface GrpcRoleConfig {
  GRPC_HOST: string;
  GRPC_PORT: number;
  SHUTDOWN_TIMEOUT_MS: number;
}

/** A service's gRPC `server` role: serve, and on stop drain within the shutdown budget. */
export async function serveGrpcRole(
  config: GrpcRoleConfig,
  options: Omit<GrpcServerOptions, 'host' | 'port'> & { ready: () => Promise<boolean> },
): Promise<{ port: number; ready: () => Promise<boolean>; stop: () => Promise<void> }> {
  const server = await startGrpcServer({ ...options, host: config.GRPC_HOST, port: config.GRPC_PORT });
  return { port: server.port, ready: options.ready, stop: () => server.shutdown(config.SHUTDOWN_TIMEOUT_MS) };
}
