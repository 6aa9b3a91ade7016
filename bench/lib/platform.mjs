// Starts the platform the README way (`node scripts/start.mjs`) against a dedicated database, Redis key
// prefix and NATS namespace, finds its processes for RSS, and stops it (verifying nothing is left).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * psql against `url` (postgres://user@host:port/db), stopping on the first error. The server is shared
 * and a loaded platform can hold every connection for a moment: "too many clients" is retried for 30 s.
 */
export function psql(url, args, { input } = {}) {
  for (let attempt = 1; ; attempt++) {
    const result = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, ...args], { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
    if (result.error) throw new Error(`psql: ${result.error.message} (install postgresql-client)`);
    if (result.status === 0) return result.stdout;
    if (attempt < 30 && /too many clients/.test(result.stderr)) {
      spawnSync('sleep', ['1']);
      continue;
    }
    throw new Error(`psql ${args.join(' ').slice(0, 200)} failed: ${result.stderr.trim().split('\n').slice(0, 3).join(' | ')}`);
  }
}

/** postgres://…/omotenashi_bench → the same server's `postgres` database, for DROP/CREATE DATABASE. */
export function maintenanceUrl(databaseUrl) {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  return { url: url.href, name };
}

export function recreateDatabase(databaseUrl) {
  const { url, name } = maintenanceUrl(databaseUrl);
  if (!/^[a-z0-9_]+$/.test(name) || !name.includes('bench')) throw new Error(`refusing to drop ${JSON.stringify(name)}: the bench database name must contain "bench"`);
  psql(url, ['-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
  psql(url, ['-c', `CREATE DATABASE ${name}`]);
}

export function dropDatabase(databaseUrl) {
  const { url, name } = maintenanceUrl(databaseUrl);
  psql(url, ['-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
}

/** Throws when something already listens on one of `ports` (another `npm start`, a previous run). */
export async function assertPortsFree(ports) {
  const busy = [];
  await Promise.all(
    ports.map(
      (port) =>
        new Promise((resolve) => {
          const socket = net.connect({ host: '127.0.0.1', port });
          socket.once('connect', () => (busy.push(port), socket.destroy(), resolve()));
          socket.once('error', () => resolve());
        }),
    ),
  );
  if (busy.length) throw new Error(`ports already in use on 127.0.0.1: ${busy.sort().join(', ')} (set BENCH_PORT_OFFSET to move the bench's ports)`);
  return busy;
}

export async function listening(ports) {
  const open = [];
  await Promise.all(
    ports.map(
      (port) =>
        new Promise((resolve) => {
          const socket = net.connect({ host: '127.0.0.1', port });
          socket.once('connect', () => (open.push(port), socket.destroy(), resolve()));
          socket.once('error', () => resolve());
        }),
    ),
  );
  return open.sort();
}

/**
 * `npm start` would run `npm ci` when node_modules is older than package-lock.json (scripts/lib/prepare.mjs);
 * the bench must not install anything on its own, so it checks the same condition first.
 */
export function assertInstalled() {
  const lock = path.join(ROOT, 'package-lock.json');
  const stamp = path.join(ROOT, 'node_modules', '.omotenashi-install-stamp');
  const installed = path.join(ROOT, 'node_modules', '.package-lock.json');
  if (!existsSync(lock)) return;
  const hash = createHash('sha256').update(readFileSync(lock)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === hash) return;
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs - 2_000) return;
  throw new Error('node_modules is older than package-lock.json: run `npm ci` (or `npm start` once) first; the bench does not install');
}

// ---- processes ----------------------------------------------------------------------------------------

function procStat(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), pgrp: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

export function cmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

/** Resident set size in KiB (VmRSS), or undefined when the process is gone. */
export function rssKiB(pid) {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

export const alive = (pid) => existsSync(`/proc/${pid}`) && procStat(pid) !== undefined;

/** Every descendant of `rootPid` (children of start.mjs run in their own process groups, but keep their parent). */
export function descendants(rootPid) {
  const parentOf = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(entry);
    if (stat) parentOf.set(Number(entry), stat.ppid);
  }
  const found = [];
  const queue = [rootPid];
  while (queue.length) {
    const parent = queue.shift();
    for (const [pid, ppid] of parentOf) {
      if (ppid !== parent) continue;
      found.push(pid);
      queue.push(pid);
    }
  }
  return found;
}

/** `catalog:server` for `node …/services/catalog/dist/start.js server`; else the command line. */
export function labelOf(pid) {
  const args = cmdline(pid) ?? [];
  const script = args.find((a) => a.endsWith('/dist/start.js'));
  if (script) return `${path.basename(path.dirname(path.dirname(script)))}:${args[args.indexOf(script) + 1] ?? '?'}`;
  return args.map((a) => path.basename(a)).join(' ').slice(0, 60);
}

/** RSS of the supervisor (start.mjs) and every process it started, by label. */
export function platformRss(startPid) {
  const rows = [{ label: 'start.mjs (supervisor)', pid: startPid, rssKiB: rssKiB(startPid) }];
  for (const pid of descendants(startPid)) rows.push({ label: labelOf(pid), pid, rssKiB: rssKiB(pid) });
  return rows.filter((row) => row.rssKiB !== undefined);
}

// ---- start / stop -------------------------------------------------------------------------------------

/**
 * Spawns `node scripts/start.mjs` in its own process group with output to `logFile`, and resolves once it
 * prints "is ready" (rejects when it prints "is running" without being ready, exits, or times out).
 */
export async function startPlatform({ env, logFile, timeoutMs = 300_000, onLine }) {
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  closeSync(fd);
  let exit;
  child.once('exit', (code, signal) => (exit = { code, signal }));
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  while (Date.now() < deadline) {
    await sleep(500);
    const text = readFileSync(logFile, 'utf8');
    if (onLine) for (const line of text.slice(seen).split('\n').filter(Boolean)) onLine(line);
    seen = text.length;
    if (/Omotenashi Connect is ready/.test(text)) return child;
    if (/Omotenashi Connect is running/.test(text) || exit) {
      await stopPlatform(child);
      throw new Error(`the platform did not become ready (${exit ? `start.mjs exited: ${JSON.stringify(exit)}` : 'not ready'}); see ${logFile}`);
    }
  }
  await stopPlatform(child);
  throw new Error(`the platform was not ready after ${timeoutMs / 1000} s; see ${logFile}`);
}

/** SIGINT to start.mjs (its Ctrl-C path stops every child), SIGKILL to whatever is left after a grace period. */
export async function stopPlatform(child, graceMs = 30_000) {
  if (!child?.pid) return [];
  const tree = [child.pid, ...descendants(child.pid)];
  if (child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(child.pid, 'SIGINT');
    } catch {
      // already gone
    }
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && tree.some(alive)) await sleep(250);
  }
  const left = tree.filter(alive);
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  await sleep(300);
  return left;
}

/** Deletes the bench's Redis keys (`<prefix>:*`) and NATS streams (`<namespace>_*`). */
export async function cleanNamespaces({ redisUrl, redisKeyPrefix, natsUrl, eventsNamespace }) {
  const done = [];
  const { default: Redis } = await import('ioredis');
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    let removed = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisKeyPrefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) removed += await redis.unlink(...keys);
    } while (cursor !== '0');
    done.push(`redis: ${removed} keys under ${redisKeyPrefix}:`);
  } finally {
    redis.disconnect();
  }
  try {
    const { connect } = await import('@nats-io/transport-node');
    const { jetstreamManager } = await import('@nats-io/jetstream');
    const nc = await connect({ servers: natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      const names = [];
      for await (const name of jsm.streams.names()) if (name.startsWith(`${eventsNamespace}_`)) names.push(name);
      for (const name of names) await jsm.streams.delete(name).catch(() => undefined);
      done.push(`nats: ${names.length} streams ${eventsNamespace}_*`);
    } finally {
      await nc.close();
    }
  } catch (error) {
    done.push(`nats: not cleaned (${error.message})`);
  }
  return done;
}

/** Reads a Prometheus text endpoint into { 'name{labels}': value }. */
export async function scrape(url) {
  const response = await fetch(url);
  const text = await response.text();
  const values = {};
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^(\S+?)(\{.*\})?\s+(\S+)$/.exec(line);
    if (match) values[`${match[1]}${match[2] ?? ''}`] = Number(match[3]);
  }
  return values;
}

/** Sums counters named `name` whose labels contain every `label="value"` in `where`. */
export function sumCounter(values, name, where = {}) {
  let sum = 0;
  for (const [key, value] of Object.entries(values)) {
    if (key !== name && !key.startsWith(`${name}{`)) continue;
    if (Object.entries(where).every(([label, wanted]) => key.includes(`${label}="${wanted}"`))) sum += value;
  }
  return sum;
}
