// `npm run bench` (issue #7): starts the platform the README way (`node scripts/start.mjs`) on its own
// database / Redis prefix / NATS namespace / ports, seeds it (catalog through the API, bookings in bulk
// with SQL), runs the scenarios next to their baselines measured in the same run (a bare Fastify
// hello-world, pgbench with the booking transaction's SQL, a raw gRPC unary no-op), steps the mixed
// realistic load up at fixed arrival rates, prints a table, writes bench/RESULTS.md, and stops
// everything it started.
//
// Environment knobs (all optional; numbers must be positive):
//   BENCH_SCALE=1                  data size: 20 × scale businesses; 10 is issue #7's 200 businesses,
//                                  2,000 services, 50,000 bookings over 90 days
//   BENCH_BUSINESSES               businesses (default 20 × BENCH_SCALE)
//   BENCH_SERVICES_PER_BUSINESS=10 services a business (the last one prepaid when there are two or more)
//   BENCH_BOOKINGS_PER_SERVICE     seed bookings a service, half past, half ahead (default 2.5 × BENCH_SCALE)
//   BENCH_SEED_CONCURRENCY=8       API calls in flight while seeding the catalog
//   BENCH_DURATION=10              seconds of each scenario and of each mixed-load step
//   BENCH_WARMUP=2                 seconds of warm-up before hello-world and cached availability
//   BENCH_CACHED_CONNECTIONS=64    availability, cached (also the gRPC no-op baseline's calls in flight)
//   BENCH_COLD_CONNECTIONS=16      availability, cold
//   BENCH_BOOKING_CONNECTIONS=16   booking creation (also pgbench's clients)
//   BENCH_READ_CONNECTIONS=64      lists, search, business profile
//   BENCH_PAYMENT_CONNECTIONS=16   payment flow
//   BENCH_MIXED=1                  0 skips the mixed load
//   BENCH_ONLY                     comma list of scenario groups to run: availability, booking, reads,
//                                  payment, mixed (default all); a partial run writes its RESULTS.md
//                                  next to its log, never over bench/RESULTS.md
//   BENCH_MIXED_CONNECTIONS=1000   open connections of the mixed load (fewer when a step's rate is lower)
//   BENCH_MIXED_RATES=100,150,250,375,500,750,1000,1500,2000,2500,3000,4000,5000
//                                  arrival rates (req/s) stepped through until one fails
//   BENCH_MIXED_WARMUP=20          seconds of the mixed load at the first rate before the first step,
//                                  not measured: caches and pools reach their steady state first
//   BENCH_MIXED_DURATION           seconds a step (default BENCH_DURATION)
//   BENCH_MIXED_INSTANCES=10       staggered autocannon instances a step (see lib/mixed.mjs)
//   BENCH_PORT_OFFSET=10000        added to every README port (gateway 18080, gRPC 6005x, metrics …)
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/omotenashi_bench  (name must contain "bench";
//                                  dropped and recreated at the start)
//   BENCH_REDIS_KEY_PREFIX=omobench, BENCH_EVENTS_NAMESPACE=omobench
//   BENCH_ENGINE=1                 0 skips the availability engine micro-benchmark
//   BENCH_LOG_LEVEL=info           the platform's LOG_LEVEL
//   BENCH_CPU_PROF=1               V8's sampling profiler in every platform process (10 ms samples; 1 ms cost
//                                  ~8 % of a core per idle process), per scenario and for the whole run in
//                                  RESULTS.md; 0 turns it off
//   BENCH_CPU_PROF_INTERVAL_US=10000  its sampling interval
//   REDIS_URL, NATS_URL            the shared servers (defaults: local ports)
// The hello-world and gRPC no-op baselines listen on 8090 and 8091 + BENCH_PORT_OFFSET. Open files:
// the mixed load needs BENCH_MIXED_CONNECTIONS + 1024 (checked at the start; `ulimit -Hn` is what counts).
// The "What changed" section of RESULTS.md is bench/CHANGES.md, included verbatim; `node bench/render.mjs
// <report.json>` rewrites RESULTS.md from a run's raw report. `node bench/check-k6.mjs` checks deploy/k6.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { processPlan, gatewayAddress } from '../scripts/lib/services.mjs';
import { cpuMeter, cpuPerResponse } from './lib/cpu-accounting.mjs';
import { profilingEnv, summarizeProfiles } from './lib/cpu-profile.mjs';
import { runEngineBench } from './lib/engine.mjs';
import { breakdown, cacheCounters, cacheLayers, hitRate, layerRates, timings } from './lib/metrics.mjs';
import { loadGrpc, startGrpcNoop } from './lib/grpc-noop.mjs';
import { load } from './lib/load.mjs';
import { runMixed } from './lib/mixed.mjs';
import { dropScratchSchema, runPgbench } from './lib/pgbench.mjs';
import {
  alive, assertInstalled, assertPortsFree, cleanNamespaces, descendants, labelOf, listening, maintenanceUrl, platformRss, psql, recreateDatabase,
  ROOT, sleep, startPlatform, stopPlatform,
} from './lib/platform.mjs';
import { renderMarkdown, renderTable } from './lib/report.mjs';
import { availabilityScenarios, bookingScenario, countOverlaps, paymentScenario, readScenarios } from './lib/scenarios.mjs';
import { createClient, seed } from './lib/seed.mjs';
import { createTraffic, MIX } from './lib/traffic.mjs';

const num = (name, fallback) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got ${JSON.stringify(raw)})`);
  return value;
};

const rates = (name, fallback) => {
  const raw = process.env[name] || fallback;
  const values = raw.split(',').map((v) => Number(v.trim()));
  if (!values.length || values.some((v) => !Number.isInteger(v) || v <= 0)) throw new Error(`${name} must be a comma-separated list of positive whole req/s (got ${JSON.stringify(raw)})`);
  return values;
};

const scale = num('BENCH_SCALE', 1);
const CONFIG = {
  scale,
  businesses: Math.max(1, Math.round(num('BENCH_BUSINESSES', 20 * scale))),
  servicesPerBusiness: Math.max(1, Math.round(num('BENCH_SERVICES_PER_BUSINESS', 10))),
  // 25 a service at BENCH_SCALE=10 is issue #7's 200 businesses / 2,000 services / 50,000 bookings.
  bookingsPerService: Math.max(1, Math.round(num('BENCH_BOOKINGS_PER_SERVICE', (25 * scale) / 10))),
  seedConcurrency: Math.round(num('BENCH_SEED_CONCURRENCY', 8)),
  durationSeconds: num('BENCH_DURATION', 10),
  warmupSeconds: num('BENCH_WARMUP', 2),
  cachedConnections: Math.round(num('BENCH_CACHED_CONNECTIONS', 64)),
  coldConnections: Math.round(num('BENCH_COLD_CONNECTIONS', 16)),
  bookingConnections: Math.round(num('BENCH_BOOKING_CONNECTIONS', 16)),
  readConnections: Math.round(num('BENCH_READ_CONNECTIONS', 64)),
  paymentConnections: Math.round(num('BENCH_PAYMENT_CONNECTIONS', 16)),
  mixed: process.env.BENCH_MIXED !== '0',
  only: process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((g) => g.trim()).filter(Boolean) : undefined,
  mixedConnections: Math.round(num('BENCH_MIXED_CONNECTIONS', 1000)),
  mixedRates: rates('BENCH_MIXED_RATES', '100,150,250,375,500,750,1000,1500,2000,2500,3000,4000,5000'),
  mixedWarmupSeconds: num('BENCH_MIXED_WARMUP', 20),
  mixedDurationSeconds: num('BENCH_MIXED_DURATION', num('BENCH_DURATION', 10)),
  mixedInstances: Math.round(num('BENCH_MIXED_INSTANCES', 10)),
  portOffset: Math.round(num('BENCH_PORT_OFFSET', 10_000)),
  databaseUrl: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/omotenashi_bench',
  redisKeyPrefix: process.env.BENCH_REDIS_KEY_PREFIX || 'omobench',
  eventsNamespace: process.env.BENCH_EVENTS_NAMESPACE || 'omobench',
  engine: process.env.BENCH_ENGINE !== '0',
  cpuProf: process.env.BENCH_CPU_PROF !== '0',
  cpuProfIntervalUs: Math.round(num('BENCH_CPU_PROF_INTERVAL_US', 10_000)),
  logLevel: process.env.BENCH_LOG_LEVEL || 'info',
};

const say = (line) => console.log(`bench: ${line}`);

/**
 * File descriptors: the mixed load holds BENCH_MIXED_CONNECTIONS sockets here and as many in the
 * gateway. Node raises its own soft RLIMIT_NOFILE to the hard limit at startup, and the platform's
 * processes inherit it from this one, so the hard limit is what counts (`ulimit -Hn` to raise it).
 */
function fileLimits() {
  const read = (flag) => spawnSync('sh', ['-c', `ulimit ${flag} -n`], { encoding: 'utf8' }).stdout.trim();
  const soft = read('-S');
  const hard = read('-H');
  const needed = CONFIG.mixedConnections + 1024;
  if (CONFIG.mixed && soft !== 'unlimited' && Number(soft) < needed) {
    throw new Error(`ulimit -n is ${soft} (hard ${hard}); the mixed load needs ${needed} open files (BENCH_MIXED_CONNECTIONS + 1024): raise the limit or lower BENCH_MIXED_CONNECTIONS`);
  }
  return { soft, hard, needed };
}

let limits;
try {
  limits = fileLimits();
} catch (error) {
  console.error(`bench: ${error.message}`);
  process.exit(1);
}
const logDir = mkdtempSync(path.join(os.tmpdir(), 'omotenashi-bench-'));
const logFile = path.join(logDir, 'platform.log');
const profileDir = path.join(logDir, 'cpu-prof');
/** Ports of this run: the README defaults moved by BENCH_PORT_OFFSET, so a dev `npm start` can run meanwhile. */
function platformEnv() {
  const o = CONFIG.portOffset;
  const env = {
    ...process.env,
    DATABASE_URL: CONFIG.databaseUrl,
    REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
    NATS_URL: process.env.NATS_URL || 'nats://127.0.0.1:4222',
    REDIS_KEY_PREFIX: CONFIG.redisKeyPrefix,
    EVENTS_NAMESPACE: CONFIG.eventsNamespace,
    RATE_LIMIT_ENABLED: 'false',
    // The bench seeds its own data; no demo business on top of it.
    SEED_DEMO: 'false',
    LOG_LEVEL: CONFIG.logLevel,
    // Seeding a large scale takes longer than the default 15-minute token.
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    PORT: String(8080 + o),
    HOST: '127.0.0.1',
    CATALOG_GRPC_PORT: String(50051 + o),
    BOOKING_GRPC_PORT: String(50052 + o),
    PAYMENT_GRPC_PORT: String(50053 + o),
    ANALYTICS_GRPC_PORT: String(50054 + o),
  };
  // Metrics ports: whatever scripts/lib/services.mjs assigns, moved by the offset.
  for (const planned of processPlan({})) env[`${planned.service.toUpperCase()}_${planned.role.toUpperCase()}_METRICS_PORT`] = String(planned.metricsPort + o);
  if (CONFIG.cpuProf) Object.assign(env, profilingEnv(profileDir, process.env.NODE_OPTIONS), { BENCH_CPU_PROF_INTERVAL_US: String(CONFIG.cpuProfIntervalUs) });
  delete env.npm_lifecycle_event;
  return env;
}

const require = createRequire(import.meta.url);
const version = (command, args) => {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim().split('\n')[0] : 'not found';
};

function machine() {
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const totalKiB = Number(/MemTotal:\s+(\d+)/.exec(meminfo)?.[1]);
  let postgres = '';
  let pgConnections = 'unknown';
  try {
    const [version, max, used] = psql(maintenanceUrl(CONFIG.databaseUrl).url, ['-At', '-c', 'SELECT version(), current_setting(\'max_connections\'), (SELECT count(*) FROM pg_stat_activity)']).trim().split('|');
    postgres = version.replace(/^PostgreSQL (\S+).*/, '$1');
    pgConnections = `${max}, ${used} in use before the run`;
  } catch {
    // reported as unknown
  }
  return {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memory: `${(totalKiB / 1024 / 1024).toFixed(1)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    postgres: postgres || 'unknown',
    pgConnections,
    pgbench: version('pgbench', ['--version']),
    redis: version('redis-server', ['--version']).replace(/^Redis server v=(\S+).*/, '$1'),
    nats: version('nats-server', ['--version']),
    autocannon: require('autocannon/package.json').version,
    grpcJs: require('@grpc/grpc-js/package.json').version,
    loadavg: os.loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

async function startHello(port) {
  const child = spawn(process.execPath, [path.join(ROOT, 'bench', 'hello-fastify.mjs')], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => /listening/.test(String(chunk)) && resolve());
    child.once('exit', (code) => reject(new Error(`hello-fastify exited with code ${code}`)));
  });
  return child;
}

async function main() {
  const started = new Date();
  const env = platformEnv();
  const gateway = gatewayAddress(env).url;
  const plan = processPlan(env);
  const bookingServer = plan.find((p) => p.service === 'booking' && p.role === 'server');
  const bookingMetrics = `http://127.0.0.1:${bookingServer.metricsPort}/metrics`;
  const timedEndpoints = plan
    .filter((p) => p.role === 'server' && ['booking', 'catalog', 'payment'].includes(p.service))
    .map((p) => ({ label: `${p.service}:${p.role}`, url: `http://127.0.0.1:${p.metricsPort}/metrics` }))
    // The gateway's HTTP and gRPC-client histograms are served on its API port (start.mjs prints it).
    .concat([{ label: 'gateway:server', url: `${gateway}/metrics` }]);
  const databaseName = new URL(CONFIG.databaseUrl).pathname.slice(1);
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  /** CPU by process right now: the platform's processes, this harness (the load generator), the servers. */
  const meterCpu = () => cpuMeter({ startPid: platform?.pid, databaseName, extraPids: { 'bench harness (load generator)': process.pid } });
  /**
   * Runs a scenario between two scrapes of the servers' histograms and two readings of every process's
   * CPU time, and attaches where the time went (per hop, and CPU per response by process).
   */
  let profileCuts = 0;
  /**
   * With BENCH_CPU_PROF, SIGUSR2 makes every platform process write its profile so far
   * (cpu-profile-preload.cjs); waits (up to 10 s) until each has, so no scenario runs while they write.
   */
  const cutProfiles = async () => {
    if (!CONFIG.cpuProf || !platform) return undefined;
    const segment = profileCuts++;
    const signalled = [];
    for (const pid of descendants(platform.pid)) {
      if (!labelOf(pid).includes(':')) continue;
      try {
        process.kill(pid, 'SIGUSR2');
        signalled.push(pid);
      } catch {
        // gone
      }
    }
    const written = () => signalled.every((pid) => existsSync(path.join(profileDir, `CPU.${pid}.${segment}.cpuprofile`)));
    for (const until = performance.now() + 10_000; !written() && performance.now() < until; ) await sleep(50);
    await sleep(200); // writeFileSync has returned in every process by the time the next one is seen; let the loops settle
    return segment;
  };
  const traced = async (run) => {
    const before = await timings(timedEndpoints);
    await cutProfiles();
    const meter = meterCpu();
    const result = await run();
    result.cpu = cpuPerResponse(meter.stop(), result.responses, cores);
    // The segment that just ended is this scenario's profile in every process.
    result.profileSegment = await cutProfiles();
    result.breakdown = breakdown(before, await timings(timedEndpoints), result.responses);
    return result;
  };
  const runs = (group) => !CONFIG.only || CONFIG.only.includes(group);
  const helloPort = 8090 + CONFIG.portOffset;
  const grpcPort = 8091 + CONFIG.portOffset;
  const ports = [Number(env.PORT), helloPort, grpcPort, ...plan.map((p) => p.metricsPort), ...plan.filter((p) => p.grpcPort).map((p) => p.grpcPort)];
  const report = { config: CONFIG, started: started.toISOString(), command: commandLine(), machine: machine(), limits, scenarios: [], notes: [], logFile };
  const changes = path.join(ROOT, 'bench', 'CHANGES.md');
  report.changes = existsSync(changes) ? readFileSync(changes, 'utf8') : undefined;

  assertInstalled();
  await assertPortsFree(ports);

  if (CONFIG.engine) {
    say('availability engine alone (engine-speed.bench.ts) …');
    report.engine = runEngineBench(ROOT);
    if (!report.engine.ok) report.notes.push(`engine-speed.bench.ts did not run: ${report.engine.output.split('\n')[0]}`);
  }

  say(`recreating ${new URL(CONFIG.databaseUrl).pathname.slice(1)}; Redis prefix ${CONFIG.redisKeyPrefix}:, NATS namespace ${CONFIG.eventsNamespace}`);
  recreateDatabase(CONFIG.databaseUrl);
  await cleanNamespaces({ redisUrl: env.REDIS_URL, redisKeyPrefix: CONFIG.redisKeyPrefix, natsUrl: env.NATS_URL, eventsNamespace: CONFIG.eventsNamespace });

  let platform;
  const helpers = [];
  /** pid → `gateway:server` …, for the CPU profiles written at exit. */
  const labels = new Map();
  const stopEverything = async () => {
    const left = [];
    for (const child of helpers) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', resolve)));
    }
    if (platform) left.push(...(await stopPlatform(platform)));
    return left;
  };
  let interrupted = false;
  const onSignal = (signal) => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\nbench: ${signal} received, stopping what it started …`);
    void stopEverything().then(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    say(`starting the platform (node scripts/start.mjs, gateway ${gateway}); log: ${logFile}`);
    const t0 = performance.now();
    platform = await startPlatform({ env, logFile, onLine: (line) => /^prepare:|infra:|is ready|not ready|error/i.test(line) && say(`  | ${line.slice(0, 160)}`) });
    report.startSeconds = (performance.now() - t0) / 1000;
    helpers.push(await startHello(helloPort), await startGrpcNoop(ROOT, grpcPort));
    const [helloServer, grpcServer] = helpers.slice(-2);
    /** CPU of a baseline: its server process and this harness (the client), not the idle platform. */
    const meterBaseline = (server) => cpuMeter({ databaseName, extraPids: { 'baseline server': server.pid, 'bench harness (load generator)': process.pid } });
    say(`ready after ${report.startSeconds.toFixed(1)} s; settling 5 s for idle RSS`);
    await sleep(5_000);
    report.rssIdle = platformRss(platform.pid);
    for (const row of report.rssIdle) labels.set(row.pid, row.label);

    say(`seeding: ${CONFIG.businesses} businesses × ${CONFIG.servicesPerBusiness} services through the API, ${CONFIG.bookingsPerService} bookings a service with SQL …`);
    const data = await seed({
      baseUrl: gateway,
      databaseUrl: CONFIG.databaseUrl,
      businesses: CONFIG.businesses,
      servicesPerBusiness: CONFIG.servicesPerBusiness,
      bookingsPerService: CONFIG.bookingsPerService,
      concurrency: CONFIG.seedConcurrency,
      log: say,
    });
    report.seed = {
      businesses: data.businesses.length, services: data.services.length, prepaidServices: data.prepaidServices.length, bookings: data.bookings,
      customers: data.customers, statusCounts: data.statusCounts, pastPerService: data.pastPerService, futurePerService: data.futurePerService,
      apiBookings: data.apiBookings, seconds: data.seconds,
    };
    const traffic = createTraffic({ data });
    const api = createClient(gateway);
    const ctx = {
      config: CONFIG, data, gateway, api, report, traced, traffic, say,
      cacheCounters: () => cacheCounters(bookingMetrics),
      hitRate,
    };
    const d = CONFIG.durationSeconds;

    // Baselines: HTTP at each concurrency an HTTP scenario uses, and a raw gRPC hop.
    const helloUrl = `http://127.0.0.1:${helloPort}`;
    for (const connections of [...new Set([CONFIG.cachedConnections, CONFIG.coldConnections, CONFIG.bookingConnections, CONFIG.readConnections, CONFIG.paymentConnections])]) {
      say(`hello-fastify baseline, ${connections} connections …`);
      await load({ url: helloUrl, connections, durationSeconds: CONFIG.warmupSeconds });
      const meter = meterBaseline(helloServer);
      const result = await load({ url: helloUrl, connections, durationSeconds: d });
      result.cpu = cpuPerResponse(meter.stop(), result.responses, cores);
      report.scenarios.push({ id: `hello-${connections}`, name: `baseline: Fastify hello-world (${connections} conn)`, result, baseline: null });
    }
    say(`raw gRPC unary no-op baseline, ${CONFIG.cachedConnections} calls in flight …`);
    await loadGrpc({ address: `127.0.0.1:${grpcPort}`, concurrency: CONFIG.cachedConnections, durationSeconds: CONFIG.warmupSeconds });
    const grpcMeter = meterBaseline(grpcServer);
    const grpc = await loadGrpc({ address: `127.0.0.1:${grpcPort}`, concurrency: CONFIG.cachedConnections, durationSeconds: d });
    grpc.cpu = cpuPerResponse(grpcMeter.stop(), grpc.responses, cores);
    report.scenarios.push({ id: `grpc-${CONFIG.cachedConnections}`, name: `baseline: raw gRPC unary no-op (${CONFIG.cachedConnections} in flight)`, result: grpc, baseline: null });

    if (runs('availability')) await availabilityScenarios(ctx);
    if (runs('booking')) {
      const booking = await bookingScenario(ctx);
      say(`pgbench baseline (bench/pgbench/booking-tx.sql), ${CONFIG.bookingConnections} clients …`);
      const meter = meterCpu();
      const pg = await runPgbench({ databaseUrl: CONFIG.databaseUrl, clients: CONFIG.bookingConnections, seconds: d, subjects: data.services.length, businesses: data.businesses.length });
      // pgbench's clients' backends are the "bench database backends" row.
      pg.cpu = cpuPerResponse(meter.stop(), pg.responses, cores);
      report.scenarios.push({ id: 'pgbench-booking', name: `baseline: pgbench booking tx (${CONFIG.bookingConnections} clients)`, result: pg, baseline: null });
      report.scenarios.push({ id: 'booking-create', name: `booking create, Idempotency-Key (${CONFIG.bookingConnections} conn)`, result: booking, baseline: 'pgbench-booking', also: [`hello-${CONFIG.bookingConnections}`] });
      report.pgbenchCommand = pg.command;
      dropScratchSchema(CONFIG.databaseUrl);
    }
    if (runs('reads')) await readScenarios(ctx);
    const payments = runs('payment') || runs('mixed') ? await paymentScenario(ctx, { measure: runs('payment') }) : false;
    report.rssAfter = platformRss(platform.pid);
    for (const row of report.rssAfter) labels.set(row.pid, row.label);

    if (CONFIG.mixed && runs('mixed')) {
      // A fresh owner token, so a long run can't outlive the seeding one.
      const login = await api.expect(200, 'POST', '/v1/auth/token', { email: data.owner.email, password: data.owner.password });
      data.token = login.access_token;
      report.mix = { weights: MIX, payments };
      const before = await cacheCounters(bookingMetrics);
      const layersBefore = await cacheLayers(timedEndpoints);
      const mixed = await runMixed({
        url: gateway,
        rates: CONFIG.mixedRates,
        warmupSeconds: CONFIG.mixedWarmupSeconds,
        connections: CONFIG.mixedConnections,
        durationSeconds: CONFIG.mixedDurationSeconds,
        instances: CONFIG.mixedInstances,
        makeRequests: () => traffic.mixed({ payments }),
        startPid: platform.pid,
        log: say,
        wrap: async (run) => {
          const counters = await cacheCounters(bookingMetrics);
          const result = await traced(run);
          result.cache = hitRate(counters, await cacheCounters(bookingMetrics));
          return result;
        },
      });
      mixed.cache = hitRate(before, await cacheCounters(bookingMetrics));
      mixed.cacheLayers = layerRates(layersBefore, await cacheLayers(timedEndpoints));
      report.mixed = mixed;
    }
    report.overlaps = countOverlaps(CONFIG.databaseUrl);
    report.bookingsInDb = Number(psql(CONFIG.databaseUrl, ['-At', '-c', 'SELECT count(*) FROM booking.bookings']).trim());
  } catch (error) {
    // What ran so far is still worth a RESULTS.md; the exit code says the run is incomplete.
    report.aborted = error.message;
    report.notes.unshift(`**the run stopped early**: ${error.message.split('\n')[0]}`);
    console.error(`bench: ${error.stack ?? error.message}`);
    process.exitCode = 1;
  } finally {
    say('stopping everything this run started …');
    const pids = platform ? [platform.pid, ...descendants(platform.pid)] : [];
    const forced = await stopEverything();
    if (forced.length) report.notes.push(`had to SIGKILL ${forced.length} process(es) after the grace period: ${forced.join(', ')}`);
    const stillAlive = pids.filter(alive);
    const stillListening = await listening(ports);
    report.teardown = { processes: pids.length + helpers.length, stillAlive, stillListening, helpersExited: helpers.every((h) => h.exitCode !== null || h.signalCode !== null) };
    try {
      report.teardown.cleaned = await cleanNamespaces({ redisUrl: env.REDIS_URL, redisKeyPrefix: CONFIG.redisKeyPrefix, natsUrl: env.NATS_URL, eventsNamespace: CONFIG.eventsNamespace });
    } catch (error) {
      report.teardown.cleaned = [`not cleaned: ${error.message}`];
    }
    if (CONFIG.cpuProf) {
      report.cpuProfiles = summarizeProfiles(profileDir, labels);
      for (const s of [...report.scenarios, ...(report.mixed?.steps ?? []).map((step) => ({ result: step }))]) {
        if (s.result.profileSegment !== undefined) s.result.profiles = summarizeProfiles(profileDir, labels, s.result.profileSegment);
      }
    }
    say(`teardown: ${stillAlive.length ? `STILL ALIVE: ${stillAlive.join(', ')}` : 'no process left'}; ${stillListening.length ? `STILL LISTENING: ${stillListening.join(', ')}` : 'no port left open'}; ${report.teardown.cleaned.join('; ')}`);
  }

  const refused = existsSync(logFile) ? (readFileSync(logFile, 'utf8').match(/too many clients already/g) ?? []).length : 0;
  if (refused) report.notes.push(`Postgres refused connections ${refused} times during the run ("too many clients already" in the platform log): the server's max_connections (${report.machine.pgConnections}) is shared with whatever else runs on this machine, and the platform's pools can ask for 10 a process`);
  report.finished = new Date().toISOString();
  report.loadavgEnd = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`\n${renderTable(report)}\n`);
  // A run that stopped early keeps the last complete RESULTS.md; its own goes next to its log.
  const partial = report.aborted ? 'the run stopped early' : CONFIG.only ? `BENCH_ONLY=${CONFIG.only.join(',')}` : undefined;
  const file = partial ? path.join(logDir, 'RESULTS.md') : path.join(ROOT, 'bench', 'RESULTS.md');
  writeFileSync(file, renderMarkdown(report));
  writeFileSync(path.join(logDir, 'report.json'), JSON.stringify(report, null, 2));
  say(`wrote ${partial ? file : path.relative(process.cwd(), file)}${partial ? ` (${partial}: bench/RESULTS.md is left as it was)` : ''} (raw: ${path.join(logDir, 'report.json')})`);
  if (report.teardown.stillAlive.length || report.teardown.stillListening.length) process.exitCode = 1;
}

function commandLine() {
  const knobs = Object.entries(process.env).filter(([k]) => k.startsWith('BENCH_')).map(([k, v]) => `${k}=${v}`);
  return [...knobs, 'npm run bench'].join(' ');
}

main().catch((error) => {
  console.error(`bench: ${error.stack ?? error.message}`);
  process.exit(1);
});
