// The booking baseline: pgbench runs bench/pgbench/booking-tx.sql (the booking transaction's SQL shape)
// against a scratch schema in the bench database, at the HTTP scenario's concurrency, and per-transaction
// latencies come from its -l log.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { psql, sleep } from './platform.mjs';
import { summarize } from './stats.mjs';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'pgbench');
export const SETUP_SQL = path.join(DIR, 'setup.sql');
export const SCRIPT_SQL = path.join(DIR, 'booking-tx.sql');

export function pgbenchCommand({ databaseUrl, clients, threads, seconds, subjects, businesses, logPrefix }) {
  return [
    '-n', '-M', 'prepared', '-c', String(clients), '-j', String(threads), '-T', String(seconds),
    '-D', 'k=0', '-D', `clients=${clients}`, '-D', `subjects=${subjects}`, '-D', `businesses=${businesses}`,
    '-f', SCRIPT_SQL, ...(logPrefix ? ['-l', `--log-prefix=${logPrefix}`] : []), databaseUrl,
  ];
}

/** Runs a command to its end without blocking the event loop (the CPU meter samples meanwhile). */
function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', (error) => resolve({ error, stdout, stderr, status: null }));
    child.once('close', (status) => resolve({ stdout, stderr, status }));
  });
}

export async function runPgbench({ databaseUrl, clients, seconds, subjects, businesses }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'omotenashi-pgbench-'));
  const threads = Math.min(clients, os.cpus().length);
  const args = pgbenchCommand({ databaseUrl, clients, threads, seconds, subjects, businesses, logPrefix: path.join(dir, 'tx') });
  try {
    let result;
    // The Postgres server is shared: when it has no connection left for the clients, wait and retry.
    for (let attempt = 1; ; attempt++) {
      psql(databaseUrl, ['-f', SETUP_SQL]);
      result = await run('pgbench', args);
      if (result.error) throw new Error(`pgbench: ${result.error.message}`);
      if (result.status === 0 || attempt === 10 || !/too many clients/.test(result.stderr)) break;
      for (const file of readdirSync(dir)) rmSync(path.join(dir, file));
      await sleep(3000);
    }
    const output = `${result.stdout}\n${result.stderr}`;
    if (result.status !== 0) throw new Error(`pgbench failed (exit ${result.status}): ${output.trim().split('\n').slice(-5).join(' | ')}`);
    const latencies = [];
    for (const file of readdirSync(dir)) {
      for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
        const fields = line.split(' ');
        // client_id transaction_no time script_no time_epoch time_us; time is µs, or "failed"/"skipped"
        if (fields.length >= 6 && /^\d+$/.test(fields[2])) latencies.push(Number(fields[2]) / 1000);
      }
    }
    const processed = Number(/number of transactions actually processed: (\d+)/.exec(output)?.[1] ?? latencies.length);
    const failed = Number(/number of failed transactions: (\d+)/.exec(output)?.[1] ?? 0);
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(output)?.[1] ?? NaN);
    const counts = psql(databaseUrl, ['-At', '-c', 'SELECT (SELECT count(*) FROM pgbench_booking.bookings), (SELECT count(*) FROM pgbench_booking.booking_allocations)']).trim();
    return {
      command: `pgbench ${args.map((a) => (a === SCRIPT_SQL ? 'bench/pgbench/booking-tx.sql' : a)).join(' ').replace(/--log-prefix=\S+ /, '--log-prefix=<tmp> ')}`,
      connections: clients,
      durationSeconds: seconds,
      requests: processed + failed,
      responses: processed,
      reqPerSec: tps,
      latency: summarize(latencies),
      errors: failed,
      errorRate: processed + failed ? failed / (processed + failed) : NaN,
      note: `bookings/allocations rows after: ${counts.replace('|', '/')}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function dropScratchSchema(databaseUrl) {
  psql(databaseUrl, ['-c', 'DROP SCHEMA IF EXISTS pgbench_booking CASCADE']);
}
