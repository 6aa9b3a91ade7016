// CPU time by process over a scenario, from /proc/<pid>/stat (utime + stime): every platform process
// (start.mjs and its descendants, labelled like the RSS table), the Postgres backends connected to the
// bench database (together, and the server's own background processes apart), Redis and NATS. Divided
// by the scenario's responses it says what one request costs each process — the figure that shows where
// a booking's time goes when the machine's cores are the limit.
import { readdirSync, readFileSync } from 'node:fs';
import { cmdline, descendants, labelOf } from './platform.mjs';

/** Clock ticks a second of /proc/<pid>/stat (USER_HZ); 100 on every Linux we run on. */
const TICKS_PER_SECOND = 100;

function cpuTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime is field 14, stime field 15
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** Label of a shared server's process, or undefined when it is none of ours to count. */
function serverLabel(args, databaseName) {
  const first = args[0] ?? '';
  if (first.startsWith('postgres:')) {
    // "postgres: 15/main: postgres omotenashi_bench 127.0.0.1(51234) idle" — backends name their database
    const words = first.split(/\s+/);
    if (words.length >= 5 && words[2] !== undefined && !words[2].endsWith(':')) {
      return words[3] === databaseName ? 'postgres: bench database backends' : undefined;
    }
    return 'postgres: server processes';
  }
  if (/(^|\/)postgres$/.test(first)) return 'postgres: server processes';
  if (/(^|\/)redis-server/.test(first)) return 'redis-server';
  if (/(^|\/)nats-server$/.test(first)) return 'nats-server';
  return undefined;
}

/** Ticks by pid right now ({ label, ticks }): the platform's processes and the shared servers' work for it. */
function readTicks({ startPid, databaseName, extraPids = {} }) {
  const byPid = new Map();
  const add = (label, pid) => {
    const ticks = cpuTicks(pid);
    if (ticks !== undefined) byPid.set(Number(pid), { label, ticks });
  };
  if (startPid) {
    add('start.mjs (supervisor)', startPid);
    for (const pid of descendants(startPid)) add(labelOf(pid), pid);
  }
  for (const [label, pid] of Object.entries(extraPids)) add(label, pid);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const label = serverLabel(cmdline(entry) ?? [], databaseName);
    if (label) add(label, entry);
  }
  return byPid;
}

/**
 * Starts counting CPU time: reads every process now and until `stop()`, so a process that starts and
 * exits in between (a pgbench client's backend) is counted up to its last reading. The harness is also
 * the load generator, so readings must stay cheap: the processes are found (a walk over /proc) once a
 * second, and only their stat files are read in between, every `everyMs`.
 * `stop()` answers { wallMs, byPid: Map(pid → { label, ticks spent meanwhile }) }.
 */
export function cpuMeter(options, everyMs = 250, findEveryMs = 1_000) {
  const first = readTicks(options);
  const last = new Map(first);
  let known = new Map([...first].map(([pid, { label }]) => [pid, label]));
  let foundAt = performance.now();
  const started = foundAt;
  const sample = (find) => {
    if (find) {
      const now = readTicks(options);
      known = new Map([...now].map(([pid, { label }]) => [pid, label]));
      for (const [pid, reading] of now) last.set(pid, reading);
      return;
    }
    for (const [pid, label] of known) {
      const ticks = cpuTicks(pid);
      if (ticks !== undefined) last.set(pid, { label, ticks });
    }
  };
  const timer = setInterval(() => {
    const find = performance.now() - foundAt >= findEveryMs;
    if (find) foundAt = performance.now();
    sample(find);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample(true);
      const byPid = new Map();
      for (const [pid, { label, ticks }] of last) byPid.set(pid, { label, ticks: ticks - (first.get(pid)?.ticks ?? 0) });
      return { wallMs: performance.now() - started, byPid };
    },
  };
}

/**
 * CPU milliseconds each process (by label) spent per response over a metered span, largest first,
 * with the sum and the number of the machine's cores it kept busy.
 */
export function cpuPerResponse(span, responses, cores) {
  const byLabel = new Map();
  for (const { label, ticks } of span.byPid.values()) byLabel.set(label, (byLabel.get(label) ?? 0) + ticks);
  const rows = [];
  let total = 0;
  for (const [label, ticks] of byLabel) {
    const ms = (ticks * 1000) / TICKS_PER_SECOND;
    if (ms <= 0) continue;
    total += ms;
    rows.push({ label, cpuMs: ms, perResponse: responses ? ms / responses : NaN });
  }
  rows.sort((a, b) => b.cpuMs - a.cpuMs);
  return { rows, totalMs: total, perResponse: responses ? total / responses : NaN, wallMs: span.wallMs, coresBusy: total / span.wallMs, cores };
}
