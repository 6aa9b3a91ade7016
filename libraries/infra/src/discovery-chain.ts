import path from 'node:path';
import { endpointOf, InfrastructureError, reasonOf } from './infrastructure.errors';
import type { DiscoveryOptions, InfraService, ResolvedService } from './infrastructure.types';
import { waitUntilReady, type PrivateProcess } from './private-process';

/** `<repo>/.data`: this file sits in `libraries/infra/{src,dist}`. */
export const DEFAULT_DATA_DIR = path.resolve(__dirname, '..', '..', '..', '.data');

const ENV_PROBE_TIMEOUT_MS = 3_000;
const LOCAL_PROBE_TIMEOUT_MS = 1_000;

export interface PrivateLaunch {
  process: PrivateProcess;
  name: string;
  logFile: string;
  readyTimeoutMs: number;
}

/** What differs between Postgres, Redis and NATS; the order of the search is the same for all three. */
export interface ServiceSpec {
  service: InfraService;
  /** Human name in messages, e.g. `NATS with JetStream`. */
  label: string;
  envVar: string;
  defaultPort: number;
  defaultLocalPort: number;
  defaultPrivatePort: number;
  /** The URL to use for a server on 127.0.0.1:port. */
  urlFor(port: number): string;
  /** Adjusts the configured URL (e.g. sets the database name). */
  fromEnv?(url: string): string;
  /** Resolves when a usable server answers at `url`; otherwise rejects with the reason. */
  probe(url: string, timeoutMs: number): Promise<void>;
  /** Starts the private instance, or throws a one-line InfrastructureError saying what to install. */
  launchPrivate(port: number, dataDir: string, env: NodeJS.ProcessEnv): Promise<PrivateLaunch>;
}

const isRefused = (error: unknown) => (error as { code?: string })?.code === 'ECONNREFUSED';

async function answers(spec: ServiceSpec, url: string, timeoutMs: number): Promise<{ ok: true } | { ok: false; error: unknown }> {
  try {
    await spec.probe(url, timeoutMs);
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

const notStarted = (spec: ServiceSpec, url: string, source: ResolvedService['source']): ResolvedService => ({
  service: spec.service,
  url,
  source,
  started: false,
  stop: async () => undefined,
});

async function fromEnvironment(spec: ServiceSpec, raw: string): Promise<ResolvedService> {
  const url = spec.fromEnv ? spec.fromEnv(raw) : raw;
  const result = await answers(spec, url, ENV_PROBE_TIMEOUT_MS);
  if (!result.ok) {
    throw new InfrastructureError(
      `${spec.envVar} is set but ${spec.label} at ${endpointOf(url, spec.defaultPort)} is not usable (${reasonOf(result.error)}): start it, fix ${spec.envVar}, or unset it`,
      { cause: result.error },
    );
  }
  return notStarted(spec, url, 'env');
}

async function startPrivate(
  spec: ServiceSpec,
  port: number,
  dataDir: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<ResolvedService> {
  const url = spec.urlFor(port);
  const existing = await answers(spec, url, LOCAL_PROBE_TIMEOUT_MS);
  if (existing.ok) {
    log(`${spec.service}: reusing private instance on 127.0.0.1:${port}`);
    return notStarted(spec, url, 'private');
  }
  if (!isRefused(existing.error)) {
    throw new InfrastructureError(
      `port ${port} answers but not as ${spec.label} (${reasonOf(existing.error)}): free the port or set ${spec.envVar}`,
    );
  }
  const launch = await spec.launchPrivate(port, dataDir, env);
  try {
    await waitUntilReady(launch.process, launch, async () => (await answers(spec, url, LOCAL_PROBE_TIMEOUT_MS)).ok, launch.readyTimeoutMs);
  } catch (error) {
    // Another run may have started the same instance a moment earlier (its data dir lock made ours exit).
    if ((await answers(spec, url, LOCAL_PROBE_TIMEOUT_MS)).ok) return notStarted(spec, url, 'private');
    throw error;
  }
  log(`${spec.service}: started private ${launch.name} on 127.0.0.1:${port} (data and log in ${dataDir})`);
  return { service: spec.service, url, source: 'private', started: true, stop: () => launch.process.stop() };
}

/** Configured URL, else the default local port, else a private instance under `dataDir`. */
export async function discoverService(spec: ServiceSpec, options: DiscoveryOptions): Promise<ResolvedService> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const configured = env[spec.envVar]?.trim();
  if (configured) {
    const resolved = await fromEnvironment(spec, configured);
    log(`${spec.service}: ${spec.envVar} (${endpointOf(resolved.url, spec.defaultPort)})`);
    return resolved;
  }
  const localPort = options.localPorts?.[spec.service] ?? spec.defaultLocalPort;
  if (options.useLocal ?? true) {
    const local = await answers(spec, spec.urlFor(localPort), LOCAL_PROBE_TIMEOUT_MS);
    if (local.ok) {
      log(`${spec.service}: local 127.0.0.1:${localPort}`);
      return notStarted(spec, spec.urlFor(localPort), 'local');
    }
    if (!isRefused(local.error)) log(`${spec.service}: ignoring 127.0.0.1:${localPort} (${reasonOf(local.error)})`);
  }
  if (!(options.allowPrivate ?? true)) {
    throw new InfrastructureError(`${spec.label} is not running on 127.0.0.1:${localPort}: start it, or set ${spec.envVar}`);
  }
  const privatePort = options.privatePorts?.[spec.service] ?? spec.defaultPrivatePort;
  return startPrivate(spec, privatePort, options.dataDir ?? DEFAULT_DATA_DIR, env, log);
}
