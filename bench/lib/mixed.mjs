// The mixed realistic load at fixed arrival rates, stepped up until a step fails.
//
// autocannon's `overallRate` gives each connection a budget of rate ÷ connections requests a second,
// refilled by a one-second timer per connection; the timers of one autocannon instance start together,
// so one instance fires its whole second's budget in a burst at each tick. The step therefore runs
// `instances` autocannon instances, each with its share of the connections and of the rate, started
// 1/instances of a second apart: the bursts interleave and arrivals spread over the second. A
// connection still waits for its response before its next request (autocannon is closed-loop per
// connection), so when the platform falls behind the achieved rate drops below the target: a step
// passes only if it achieved ≥ 95 % of its target rate, p95 < 200 ms and errors < 0.1 %.
import { load, summarizeRun } from './load.mjs';
import { platformRss, sleep } from './platform.mjs';

export const TARGET_P95_MS = 200;
export const TARGET_ERROR_RATE = 0.001;
const ACHIEVED_SHARE = 0.95;

/** Samples the platform's RSS every `everyMs` while running: per process max, total max, last sample. */
export function rssSampler(startPid, everyMs = 1000) {
  const perProcess = new Map();
  let maxTotal = 0;
  let last = [];
  const sample = () => {
    last = platformRss(startPid);
    const total = last.reduce((sum, row) => sum + row.rssKiB, 0);
    maxTotal = Math.max(maxTotal, total);
    for (const row of last) perProcess.set(row.label, Math.max(perProcess.get(row.label) ?? 0, row.rssKiB));
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { maxTotalKiB: maxTotal, max: [...perProcess].map(([label, rssKiB]) => ({ label, rssKiB })), end: last };
    },
  };
}

/** One step: `instances` staggered autocannon runs, merged. */
async function step({ url, rate, connections, durationSeconds, instances, makeRequests, ok }) {
  const n = Math.max(1, Math.min(instances, connections, rate));
  const share = (total, i) => Math.floor(total / n) + (i < total % n ? 1 : 0);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const runs = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      await sleep((i * 1000) / n);
      return load({ url, connections: share(connections, i), overallRate: share(rate, i), durationSeconds, requests: makeRequests(), ok });
    }),
  );
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const merged = mergeRuns(runs, ok);
  return {
    ...merged,
    target: rate,
    connections: runs.reduce((sum, r) => sum + r.connections, 0),
    instances: n,
    // Rate while all instances ran: responses ÷ the duration each measured, summed.
    reqPerSec: runs.reduce((sum, r) => sum + r.reqPerSec, 0),
    harnessCpu: (cpu.user + cpu.system) / 1e6 / wallSeconds,
  };
}

function mergeRuns(runs, ok) {
  const latencies = [];
  const statuses = {};
  const kinds = {};
  let errors = 0;
  let timeouts = 0;
  for (const run of runs) {
    for (const ms of run.raw.latencies) latencies.push(ms);
    for (const [s, c] of Object.entries(run.statuses)) statuses[s] = (statuses[s] ?? 0) + c;
    for (const [kind, k] of Object.entries(run.raw.kinds)) {
      const into = (kinds[kind] ??= { latencies: [], statuses: {} });
      for (const ms of k.latencies) into.latencies.push(ms);
      for (const [s, c] of Object.entries(k.statuses)) into.statuses[s] = (into.statuses[s] ?? 0) + c;
    }
    errors += run.connectionErrors;
    timeouts += run.timeouts;
  }
  const duration = Math.max(...runs.map((r) => r.durationSeconds));
  return summarizeRun({ latencies, statuses, kinds, result: { errors, timeouts, duration }, connections: 0, ok });
}

export const passes = (s) => s.reqPerSec >= ACHIEVED_SHARE * s.target && s.latency.p95 < TARGET_P95_MS && s.errorRate < TARGET_ERROR_RATE;

/**
 * Steps through `rates` (req/s) until one fails. `makeRequests()` returns a fresh autocannon request
 * list for one instance; `wrap` runs around each step (histograms, cache counters). The platform's RSS is
 * sampled every second throughout.
 */
export async function runMixed({ url, rates, connections, durationSeconds, instances, makeRequests, ok, startPid, log, wrap = (run) => run(), settleSeconds = 3, warmupSeconds = 0 }) {
  const steps = [];
  const rss = rssSampler(startPid);
  let memory;
  let warmup;
  try {
    if (warmupSeconds > 0 && rates.length) {
      // Traffic before the first measured step, as a live platform always has: answers cached, pools
      // and JIT warm. Its figures are kept (report) but decide nothing.
      log(`mixed load warm-up at ${rates[0]} req/s, ${warmupSeconds} s (not measured) …`);
      warmup = await step({ url, rate: rates[0], connections: Math.min(connections, rates[0]), durationSeconds: warmupSeconds, instances, makeRequests, ok });
      await sleep(settleSeconds * 1000);
    }
    for (const rate of rates) {
      log(`mixed load at ${rate} req/s, ${Math.min(connections, rate)} connections, ${durationSeconds} s …`);
      const result = await wrap(() => step({ url, rate, connections: Math.min(connections, rate), durationSeconds, instances, makeRequests, ok }));
      result.passed = passes(result);
      result.rssEndKiB = platformRss(startPid).reduce((sum, row) => sum + row.rssKiB, 0);
      steps.push(result);
      log(`  achieved ${result.reqPerSec.toFixed(0)} req/s, p95 ${result.latency.p95.toFixed(1)} ms, errors ${(result.errorRate * 100).toFixed(2)} %, harness CPU ${(result.harnessCpu * 100).toFixed(0)} % of a core → ${result.passed ? 'pass' : 'FAIL'}`);
      if (!result.passed) break;
      await sleep(settleSeconds * 1000);
    }
  } finally {
    memory = rss.stop();
  }
  const best = steps.filter((s) => s.passed).at(-1);
  return { steps, best: best?.target, memory, warmup: warmup && { seconds: warmupSeconds, target: warmup.target, reqPerSec: warmup.reqPerSec, latency: warmup.latency, errorRate: warmup.errorRate } };
}
