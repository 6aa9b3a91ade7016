import { ConfigError } from '@omotenashi/config';
import { createLogger, type Logger } from '@omotenashi/logging';
import { startProbeServer } from '@omotenashi/metrics';

/** A long-running role (server or worker) once started. */
export interface RunningRole {
  /** Readiness for /readyz: can this process do its job right now? */
  ready?: () => Promise<boolean>;
  /** Drain in-flight work and release connections. */
  stop(): Promise<void>;
}

export interface ProcessConfig {
  METRICS_PORT: number;
  METRICS_HOST: string;
  SHUTDOWN_TIMEOUT_MS: number;
  LOG_LEVEL: string;
}

export interface ServiceRoles<C extends ProcessConfig> {
  server?: (config: C, logger: Logger) => Promise<RunningRole>;
  worker?: (config: C, logger: Logger) => Promise<RunningRole>;
  migrate?: (config: C, logger: Logger) => Promise<string[]>;
}

export interface RunServiceOptions<C extends ProcessConfig> {
  service: string;
  roles: ServiceRoles<C>;
  /** Reads and validates the environment; throws ConfigError listing every bad variable. */
  loadConfig: () => C;
  /** Servers that already expose /metrics and probes over HTTP (the gateway) skip the probe server. */
  probeServer?: boolean;
  argv?: string[];
}

/**
 * `node dist/start.js <role>`: starts one role of a service, serves its probes and metrics, and on
 * SIGTERM/SIGINT turns unready, drains, and exits 0 — or exits 1 when the drain overruns its budget.
 */
export async function runService<C extends ProcessConfig>(options: RunServiceOptions<C>): Promise<void> {
  const role = (options.argv ?? process.argv)[2] ?? 'server';
  let config: C;
  try {
    config = options.loadConfig();
  } catch (error) {
    process.stderr.write(`${options.service}: ${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(2);
  }
  const logger = createLogger(`${options.service}-${role}`, { level: config.LOG_LEVEL });
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));

  if (role === 'migrate' && options.roles.migrate) {
    const applied = await options.roles.migrate(config, logger).catch((error: unknown) => fail(logger, 'migration failed', error));
    logger.info({ applied }, applied.length ? 'migrations applied' : 'schema up to date');
    process.exit(0);
  }
  const startRole = role === 'server' ? options.roles.server : role === 'worker' ? options.roles.worker : undefined;
  if (!startRole) {
    const known = Object.keys(options.roles).join(', ');
    process.stderr.write(`${options.service}: unknown role "${role}" (expected one of: ${known})\n`);
    process.exit(2);
  }

  const running = await startRole(config, logger).catch((error: unknown) => fail(logger, `${role} failed to start`, error));
  let shuttingDown = false;
  const probes =
    options.probeServer === false
      ? undefined
      : await startProbeServer({
          port: config.METRICS_PORT,
          host: config.METRICS_HOST,
          ready: async () => !shuttingDown && ((await running.ready?.()) ?? true),
        });
  logger.info({ role, metricsPort: probes?.port }, `${options.service} ${role} started`);

  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'draining');
    const overrun = setTimeout(() => {
      logger.error('drain overran SHUTDOWN_TIMEOUT_MS, exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    overrun.unref();
    try {
      await running.stop();
      await probes?.close();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      fail(logger, 'shutdown failed', error);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

function fail(logger: Logger, message: string, error: unknown): never {
  logger.fatal({ err: error }, message);
  process.exit(1);
}

/** A started role plus what it holds (connections, pools), released in order after the role stops. */
export function releasingAfter<R extends RunningRole>(running: R, ...release: Array<() => unknown>): R {
  return {
    ...running,
    stop: async () => {
      await running.stop();
      for (const free of release) await free();
    },
  };
}
