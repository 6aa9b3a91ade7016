import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DiscoveryOptions, ResolvedService } from './infrastructure.types';
import { discoverService, type ServiceSpec } from './discovery-chain';
import { findExecutable } from './find-executable';
import { InfrastructureError } from './infrastructure.errors';
import { startPrivateProcess } from './private-process';
import { socketExchange } from './socket-exchange';

const DEFAULT_PORT = 4222;

/** NATS_URL may list several servers (`nats://a:4222,nats://b:4222`) or omit the scheme. */
function firstServer(url: string): URL {
  const first = url.split(',')[0]!.trim();
  return new URL(first.includes('://') ? first : `nats://${first}`);
}

/** Reads the INFO line every NATS server sends on connect (in clear text, even before TLS) and checks JetStream. */
export async function probeNats(url: string, timeoutMs: number): Promise<void> {
  const server = firstServer(url);
  const endpoint = { host: server.hostname || '127.0.0.1', port: Number(server.port || DEFAULT_PORT) };
  const greeting = await socketExchange(endpoint, undefined, (received) => received.includes('\r\n'), timeoutMs);
  const match = /^INFO\s+(\{.*\})/.exec(greeting);
  if (!match) throw new Error('not a NATS server');
  const info = JSON.parse(match[1]!) as { jetstream?: boolean };
  if (!info.jetstream) throw Object.assign(new Error('JetStream is not enabled (start nats-server with -js)'), { code: 'NO_JETSTREAM' });
}

async function launchNats(port: number, dataDir: string, env: NodeJS.ProcessEnv) {
  const command = findExecutable('nats-server', env.PATH);
  if (!command) {
    throw new InfrastructureError('NATS is not running and nats-server is not installed: apt-get install nats-server (or brew install nats-server), or set NATS_URL');
  }
  const directory = path.join(dataDir, 'nats');
  mkdirSync(directory, { recursive: true });
  const spec = {
    name: 'nats-server',
    command,
    args: ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', directory],
    logFile: path.join(dataDir, 'nats.log'),
    stopSignal: 'SIGTERM' as const,
  };
  return { ...spec, process: startPrivateProcess(spec), readyTimeoutMs: 15_000 };
}

export const natsSpec: ServiceSpec = {
  service: 'nats',
  label: 'NATS with JetStream',
  envVar: 'NATS_URL',
  defaultPort: DEFAULT_PORT,
  defaultLocalPort: DEFAULT_PORT,
  defaultPrivatePort: 42220,
  urlFor: (port) => `nats://127.0.0.1:${port}`,
  probe: probeNats,
  launchPrivate: launchNats,
};

/** NATS_URL, else NATS with JetStream on 127.0.0.1:4222, else a private `nats-server -js` on 42220. */
export function discoverNats(options: DiscoveryOptions = {}): Promise<ResolvedService> {
  return discoverService(natsSpec, options);
}
