import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DiscoveryOptions, ResolvedService } from './infrastructure.types';
import { discoverService, type ServiceSpec } from './discovery-chain';
import { findExecutable } from './find-executable';
import { InfrastructureError } from './infrastructure.errors';
import { startPrivateProcess } from './private-process';
import { socketExchange } from './socket-exchange';

const DEFAULT_PORT = 6379;

/** RESP bulk string, so passwords with spaces survive. */
const command = (...parts: string[]) => `*${parts.length}\r\n${parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join('')}`;

/** PINGs the server (after AUTH when the URL carries a password); an error reply means not usable. */
export async function probeRedis(url: string, timeoutMs: number): Promise<void> {
  const parsed = new URL(url);
  const endpoint = { host: parsed.hostname || '127.0.0.1', port: Number(parsed.port || DEFAULT_PORT), tls: parsed.protocol === 'rediss:' };
  const password = decodeURIComponent(parsed.password);
  const username = decodeURIComponent(parsed.username);
  const auth = password ? (username ? command('AUTH', username, password) : command('AUTH', password)) : '';
  const expected = password ? 2 : 1;
  const reply = await socketExchange(endpoint, auth + command('PING'), (received) => received.split('\r\n').length > expected, timeoutMs);
  const failure = reply.split('\r\n').find((line) => line.startsWith('-'));
  if (failure) throw new Error(`Redis replied ${failure.slice(1).split(' ')[0]}`);
  if (!reply.includes('+PONG')) throw new Error('not a Redis server');
}

async function launchRedis(port: number, dataDir: string, env: NodeJS.ProcessEnv) {
  const command = findExecutable('redis-server', env.PATH);
  if (!command) {
    throw new InfrastructureError('Redis is not running and redis-server is not installed: apt-get install redis-server (or brew install redis), or set REDIS_URL');
  }
  const directory = path.join(dataDir, 'redis');
  mkdirSync(directory, { recursive: true });
  const spec = {
    name: 'redis-server',
    command,
    // A cache and job queue for development: no snapshots, no append-only file.
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', directory, '--daemonize', 'no'],
    logFile: path.join(dataDir, 'redis.log'),
    stopSignal: 'SIGTERM' as const,
  };
  return { ...spec, process: startPrivateProcess(spec), readyTimeoutMs: 15_000 };
}

export const redisSpec: ServiceSpec = {
  service: 'redis',
  label: 'Redis',
  envVar: 'REDIS_URL',
  defaultPort: DEFAULT_PORT,
  defaultLocalPort: DEFAULT_PORT,
  defaultPrivatePort: 63790,
  urlFor: (port) => `redis://127.0.0.1:${port}`,
  probe: probeRedis,
  launchPrivate: launchRedis,
};

/** REDIS_URL, else redis on 127.0.0.1:6379, else a private redis-server (no persistence) on 63790. */
export function discoverRedis(options: DiscoveryOptions = {}): Promise<ResolvedService> {
  return discoverService(redisSpec, options);
}
