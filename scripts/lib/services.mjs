// The process plan of `npm start`: which services run which roles on which ports, and the environment
// each child gets (the env contract every service reads). Any port can be overridden from the environment.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { reserveTag } from './output.mjs';
import { ROOT } from './prepare.mjs';

export const SERVICES_DIR = process.env.OMOTENASHI_SERVICES_DIR
  ? path.resolve(process.env.OMOTENASHI_SERVICES_DIR)
  : path.join(ROOT, 'services');

/** Migration order matters: later services may reference what earlier ones publish. */
export const SERVICES = [
  { name: 'catalog', roles: ['server', 'worker'], grpcPort: 50051 },
  { name: 'booking', roles: ['server', 'worker'], grpcPort: 50052 },
  { name: 'payment', roles: ['server', 'worker'], grpcPort: 50053 },
  { name: 'analytics', roles: ['server', 'worker'], grpcPort: 50054 },
  { name: 'gateway', roles: ['server'] },
];

// Pad every tag to the widest one from the first line on.
for (const service of SERVICES) for (const role of [...service.roles, 'migrate']) reserveTag(`[${service.name}:${role}]`);

const FIRST_METRICS_PORT = 9101;
const upper = (name) => name.toUpperCase();

export const startScript = (service) => path.join(SERVICES_DIR, service, 'dist', 'start.js');
export const isBuilt = (service) => existsSync(startScript(service));

function portFrom(env, variable, fallback) {
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${variable} must be a port number (got ${JSON.stringify(raw)})`);
  return port;
}

/** Hosts a client can dial: a wildcard listen address is reached through loopback. */
export const dialable = (host) => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);

/**
 * Every long-running process: tag, role, and its own ports. Overrides: `<SERVICE>_GRPC_PORT`
 * (e.g. BOOKING_GRPC_PORT), `<SERVICE>_<ROLE>_METRICS_PORT` (e.g. BOOKING_WORKER_METRICS_PORT), PORT and HOST.
 */
export function processPlan(env = process.env) {
  let nextMetricsPort = FIRST_METRICS_PORT;
  return SERVICES.flatMap((service) =>
    service.roles.map((role) => ({
      service: service.name,
      role,
      tag: `[${service.name}:${role}]`,
      metricsPort: portFrom(env, `${upper(service.name)}_${upper(role)}_METRICS_PORT`, nextMetricsPort++),
      grpcPort: service.grpcPort && role === 'server' ? grpcPortOf(service, env) : undefined,
    })),
  );
}

const grpcPortOf = (service, env) => portFrom(env, `${upper(service.name)}_GRPC_PORT`, service.grpcPort);

export function gatewayAddress(env = process.env) {
  const host = env.HOST || '127.0.0.1';
  return { host, port: portFrom(env, 'PORT', 8080), url: `http://${dialable(host)}:${portFrom(env, 'PORT', 8080)}` };
}

/** What every child reads (DESIGN §9 and the env contract): infrastructure URLs, namespaces, peers. */
export function sharedEnv(infra, env = process.env) {
  const grpcHost = env.GRPC_HOST || '127.0.0.1';
  const peers = Object.fromEntries(
    SERVICES.filter((service) => service.grpcPort).map((service) => [
      `${upper(service.name)}_GRPC_URL`,
      `${dialable(grpcHost)}:${grpcPortOf(service, env)}`,
    ]),
  );
  return {
    ...env,
    NODE_ENV: env.NODE_ENV || 'development',
    LOG_LEVEL: env.LOG_LEVEL || 'info',
    DATABASE_URL: infra.databaseUrl,
    REDIS_URL: infra.redisUrl,
    NATS_URL: infra.natsUrl,
    REDIS_KEY_PREFIX: env.REDIS_KEY_PREFIX ?? '',
    EVENTS_NAMESPACE: env.EVENTS_NAMESPACE ?? '',
    METRICS_HOST: env.METRICS_HOST || '127.0.0.1',
    // Shorter than the supervisor's kill timeout, so services finish draining before a SIGKILL.
    SHUTDOWN_TIMEOUT_MS: env.SHUTDOWN_TIMEOUT_MS || '8000',
    GRPC_HOST: grpcHost,
    // The built-in sandbox PSP POSTs its signed webhooks to this platform's own gateway, wherever PORT put it.
    PAYMENT_SANDBOX_WEBHOOK_URL: env.PAYMENT_SANDBOX_WEBHOOK_URL || `${gatewayAddress(env).url}/v1/payments/webhooks/sandbox`,
    ...peers,
  };
}

/** The environment of one process of the plan. */
export function processEnv(shared, planned, env = process.env) {
  const own = { METRICS_PORT: String(planned.metricsPort) };
  if (planned.grpcPort !== undefined) own.GRPC_PORT = String(planned.grpcPort);
  if (planned.service === 'gateway') {
    const gateway = gatewayAddress(env);
    Object.assign(own, { PORT: String(gateway.port), HOST: gateway.host });
  }
  return { ...shared, ...own };
}
