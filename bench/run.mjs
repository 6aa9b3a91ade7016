// `npm run bench`: starts the platform the README way on its own database / Redis prefix / NATS namespace,
// seeds it through the API, runs the load scenarios next to their baselines (a bare Fastify server,
// pgbench with the booking transaction's SQL), prints a table, writes bench/RESULTS.md, and stops
// everything it started. Environment knobs: see CONFIG below and bench/RESULTS.md.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processPlan, gatewayAddress } from '../scripts/lib/services.mjs';
import { runEngineBench } from './lib/engine.mjs';
import { load } from './lib/load.mjs';
import { dropScratchSchema, runPgbench } from './lib/pgbench.mjs';
import {
  alive, assertInstalled, assertPortsFree, cleanNamespaces, descendants, listening, platformRss, psql, recreateDatabase,
  ROOT, scrape, sleep, startPlatform, stopPlatform, sumCounter,
} from './lib/platform.mjs';
import { renderMarkdown, renderTable } from './lib/report.mjs';
import { createClient, FIRST_DAY, LAST_DAY, seed, slotPlan, slotStart, tokyoDate } from './lib/seed.mjs';

const num = (name, fallback) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got ${JSON.stringify(raw)})`);
  return value;
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
  portOffset: Math.round(num('BENCH_PORT_OFFSET', 10_000)),
  databaseUrl: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/omotenashi_bench',
  redisKeyPrefix: process.env.BENCH_REDIS_KEY_PREFIX || 'omobench',
  eventsNamespace: process.env.BENCH_EVENTS_NAMESPACE || 'omobench',
  engine: process.env.BENCH_ENGINE !== '0',
  logLevel: process.env.BENCH_LOG_LEVEL || 'info',
};

const say = (line) => console.log(`bench: ${line}`);
const logDir = mkdtempSync(path.join(os.tmpdir(), 'omotenashi-bench-'));
const logFile = path.join(logDir, 'platform.log');

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
  delete env.npm_lifecycle_event;
  return env;
}

function machine() {
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const totalKiB = Number(/MemTotal:\s+(\d+)/.exec(meminfo)?.[1]);
  let postgres = '';
  try {
    postgres = psql(CONFIG.databaseUrl, ['-At', '-c', 'SHOW server_version']).trim();
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

async function cacheCounters(metricsUrl) {
  try {
    const values = await scrape(metricsUrl);
    return { hits: sumCounter(values, 'cache_hits_total', { layer: 'availability' }), misses: sumCounter(values, 'cache_misses_total', { layer: 'availability' }) };
  } catch {
    return undefined;
  }
}

/** Histograms whose delta over a scenario says where a request's time went (gRPC per method, cache loads). */
const TIMED = ['http_request_duration_seconds', 'grpc_server_handling_seconds', 'grpc_client_handling_seconds', 'cache_load_duration_seconds'];

async function timings(endpoints) {
  const all = await Promise.all(endpoints.map(async ({ label, url }) => ({ label, values: await scrape(url).catch(() => ({})) })));
  return all;
}

function breakdown(before, after, requests) {
  const out = [];
  for (const { label, values } of after) {
    const prior = before.find((b) => b.label === label)?.values ?? {};
    for (const [key, sum] of Object.entries(values)) {
      const match = /^([a-z_]+)_sum(\{.*\})?$/.exec(key);
      if (!match || !TIMED.includes(match[1]) || (match[2] ?? '').includes('route="/metrics"')) continue;
      const countKey = `${match[1]}_count${match[2] ?? ''}`;
      const calls = (values[countKey] ?? 0) - (prior[countKey] ?? 0);
      if (calls <= 0) continue;
      const seconds = sum - (prior[key] ?? 0);
      const labels = (match[2] ?? '').replace(/^\{|\}$/g, '').split(/,(?=[a-z_]+=)/).filter((l) => !/^(service|le)=/.test(l)).join(' ');
      out.push({ process: label, metric: match[1].replace(/_seconds$/, ''), labels, calls, perRequest: requests ? calls / requests : NaN, meanMs: (seconds / calls) * 1000, totalSeconds: seconds });
    }
  }
  return out.sort((a, b) => b.totalSeconds - a.totalSeconds).slice(0, 8);
}

const hitRate = (before, after) => {
  if (!before || !after) return undefined;
  const hits = after.hits - before.hits;
  const misses = after.misses - before.misses;
  return { hits, misses, rate: hits + misses ? hits / (hits + misses) : NaN };
};

async function main() {
  const started = new Date();
  const env = platformEnv();
  const gateway = gatewayAddress(env).url;
  const plan = processPlan(env);
  const bookingServer = plan.find((p) => p.service === 'booking' && p.role === 'server');
  const bookingMetrics = `http://127.0.0.1:${bookingServer.metricsPort}/metrics`;
  const timedEndpoints = plan
    .filter((p) => p.role === 'server' && ['booking', 'catalog'].includes(p.service))
    .map((p) => ({ label: `${p.service}:${p.role}`, url: `http://127.0.0.1:${p.metricsPort}/metrics` }))
    // The gateway's HTTP and gRPC-client histograms are served on its API port (start.mjs prints it).
    .concat([{ label: 'gateway:server', url: `${gateway}/metrics` }]);
  /** Runs a scenario between two scrapes of the servers' histograms and attaches where the time went. */
  const traced = async (run) => {
    const before = await timings(timedEndpoints);
    const result = await run();
    result.breakdown = breakdown(before, await timings(timedEndpoints), result.responses);
    return result;
  };
  const helloPort = 8090 + CONFIG.portOffset;
  const ports = [Number(env.PORT), helloPort, ...plan.map((p) => p.metricsPort), ...plan.filter((p) => p.grpcPort).map((p) => p.grpcPort)];
  const report = { config: CONFIG, started: started.toISOString(), command: commandLine(), machine: machine(), scenarios: [], notes: [], logFile };

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
  let hello;
  const stopEverything = async () => {
    const left = [];
    if (hello && hello.exitCode === null && hello.signalCode === null) {
      hello.kill('SIGTERM');
      await new Promise((resolve) => (hello.exitCode !== null ? resolve() : hello.once('exit', resolve)));
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
    hello = await startHello(helloPort);
    say(`ready after ${report.startSeconds.toFixed(1)} s; settling 5 s for idle RSS`);
    await sleep(5_000);
    report.rssIdle = platformRss(platform.pid);

    say(`seeding: ${CONFIG.businesses} businesses × ${CONFIG.servicesPerBusiness} services, ${CONFIG.bookingsPerService} bookings a service …`);
    const data = await seed({
      baseUrl: gateway,
      businesses: CONFIG.businesses,
      servicesPerBusiness: CONFIG.servicesPerBusiness,
      bookingsPerService: CONFIG.bookingsPerService,
      concurrency: CONFIG.seedConcurrency,
      log: say,
    });
    report.seed = { businesses: data.businesses.length, services: data.services.length, bookings: data.bookings, seconds: data.seconds };
    const minutesFor50k = 50_000 / (data.bookings / data.seconds.bookings) / 60;
    report.notes.push(`issue #7's size (BENCH_SCALE=10: 200 businesses, 2,000 services, 50,000 bookings) was not run here; at this run's seeding rate its bookings alone would take about ${minutesFor50k.toFixed(0)} min (raise BENCH_SEED_CONCURRENCY, or seed fewer with BENCH_BOOKINGS_PER_SERVICE)`);
    const S = data.services.length;
    const d = CONFIG.durationSeconds;

    // (a) HTTP baseline, at each concurrency an HTTP scenario uses.
    const helloUrl = `http://127.0.0.1:${helloPort}`;
    const helloAt = {};
    for (const connections of [...new Set([CONFIG.cachedConnections, CONFIG.coldConnections, CONFIG.bookingConnections])]) {
      say(`hello-fastify baseline, ${connections} connections …`);
      await load({ url: helloUrl, connections, durationSeconds: CONFIG.warmupSeconds });
      helloAt[connections] = await load({ url: helloUrl, connections, durationSeconds: d });
      report.scenarios.push({ id: `hello-${connections}`, name: `baseline: Fastify hello-world (${connections} conn)`, result: helloAt[connections], baseline: null });
    }

    // Is the availability route there yet?
    const api = createClient(gateway);
    // Outside the cold scenario's dates, so the cached question never counts as a cold one.
    const probeDate = tokyoDate(LAST_DAY + 1);
    const first = data.services[0];
    const probe = await api.call('GET', `/v1/businesses/${first.businessId}/availability?service_id=${first.serviceId}&date=${probeDate}`);
    const availability = probe.status === 200;
    if (!availability) report.notes.push(`availability not measured: GET …/availability answered ${probe.status} ${JSON.stringify(probe.body).slice(0, 200)}`);
    else report.availabilitySample = { slots: Array.isArray(probe.body?.slots) ? probe.body.slots.length : Array.isArray(probe.body?.data) ? probe.body.data.length : undefined };

    if (availability) {
      // (b) cached: the same question over and over.
      const cachedPath = `/v1/businesses/${first.businessId}/availability?service_id=${first.serviceId}&date=${probeDate}`;
      say(`availability cached, ${CONFIG.cachedConnections} connections …`);
      await load({ url: gateway, path: cachedPath, connections: CONFIG.cachedConnections, durationSeconds: CONFIG.warmupSeconds });
      let before = await cacheCounters(bookingMetrics);
      const cached = await traced(() => load({ url: gateway, path: cachedPath, connections: CONFIG.cachedConnections, durationSeconds: d }));
      cached.cache = hitRate(before, await cacheCounters(bookingMetrics));
      report.scenarios.push({ id: 'availability-cached', name: `availability, cached (${CONFIG.cachedConnections} conn)`, result: cached, baseline: `hello-${CONFIG.cachedConnections}` });

      // (c) cold: every request a (service, date, days) nobody asked for in this run.
      const nDays = LAST_DAY - FIRST_DAY + 1;
      const dates = Array.from({ length: nDays }, (_, i) => tokyoDate(FIRST_DAY + i));
      let r = 0;
      const coldRequest = (req) => {
        const i = r++;
        const { businessId, serviceId } = data.services[i % S];
        const date = dates[Math.floor(i / S) % nDays];
        const days = 1 + Math.floor(i / (S * nDays));
        return { ...req, method: 'GET', path: `/v1/businesses/${businessId}/availability?service_id=${serviceId}&date=${date}${days > 1 ? `&days=${Math.min(days, 7)}` : ''}` };
      };
      say(`availability cold, ${CONFIG.coldConnections} connections …`);
      before = await cacheCounters(bookingMetrics);
      const cold = await traced(() => load({ url: gateway, connections: CONFIG.coldConnections, durationSeconds: d, requests: [{ setupRequest: coldRequest }] }));
      cold.cache = hitRate(before, await cacheCounters(bookingMetrics));
      cold.distinct = r;
      report.scenarios.push({ id: 'availability-cold', name: `availability, cold (${CONFIG.coldConnections} conn)`, result: cold, baseline: `hello-${CONFIG.coldConnections}` });
    }

    // (d) booking creation: request n takes free slot ⌊n/S⌋ of service n mod S.
    const { free } = slotPlan(CONFIG.bookingsPerService);
    let n = 0;
    const bookingRequest = (req) => {
      const i = n++;
      const { businessId, serviceId } = data.services[i % S];
      const slot = free[Math.floor(i / S) % free.length];
      return {
        ...req,
        method: 'POST',
        path: `/v1/businesses/${businessId}/bookings`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ service_id: serviceId, starts_at: slotStart(slot), customer: { name: 'ベンチ 花子', email: `guest-${i}@bench.example`, locale: 'ja' } }),
      };
    };
    const bookingsBefore = Number(psql(CONFIG.databaseUrl, ['-At', '-c', 'SELECT count(*) FROM booking.bookings']).trim());
    say(`booking creation, ${CONFIG.bookingConnections} connections …`);
    const booking = await traced(() => load({ url: gateway, connections: CONFIG.bookingConnections, durationSeconds: d, requests: [{ setupRequest: bookingRequest }], ok: (s) => s === 201 || s === 409 }));
    const bookingsAfter = Number(psql(CONFIG.databaseUrl, ['-At', '-c', 'SELECT count(*) FROM booking.bookings']).trim());
    booking.created = booking.statuses[201] ?? 0;
    booking.conflicts = booking.statuses[409] ?? 0;
    booking.rowsAdded = bookingsAfter - bookingsBefore;
    if (n > S * free.length) report.notes.push(`booking scenario ran out of free slots (${n} requests > ${S * free.length}); later requests reused slots`);
    report.rssAfter = platformRss(platform.pid);

    // (e) pgbench with the booking transaction's SQL, same concurrency.
    say(`pgbench baseline (bench/pgbench/booking-tx.sql), ${CONFIG.bookingConnections} clients …`);
    const pg = runPgbench({ databaseUrl: CONFIG.databaseUrl, clients: CONFIG.bookingConnections, seconds: d, subjects: S, businesses: data.businesses.length });
    report.scenarios.push({ id: 'pgbench-booking', name: `baseline: pgbench booking tx (${CONFIG.bookingConnections} clients)`, result: pg, baseline: null });
    report.scenarios.push({ id: 'booking-create', name: `booking create (${CONFIG.bookingConnections} conn)`, result: booking, baseline: 'pgbench-booking', also: `hello-${CONFIG.bookingConnections}` });
    report.pgbenchCommand = pg.command;
    dropScratchSchema(CONFIG.databaseUrl);
    report.bookingsInDb = bookingsAfter;
  } finally {
    say('stopping everything this run started …');
    const pids = platform ? [platform.pid, ...descendants(platform.pid)] : [];
    const forced = await stopEverything();
    if (forced.length) report.notes.push(`had to SIGKILL ${forced.length} process(es) after the grace period: ${forced.join(', ')}`);
    const stillAlive = pids.filter(alive);
    const stillListening = await listening(ports);
    report.teardown = { processes: pids.length + (hello ? 1 : 0), stillAlive, stillListening, helloExited: hello ? hello.exitCode !== null || hello.signalCode !== null : true };
    try {
      report.teardown.cleaned = await cleanNamespaces({ redisUrl: env.REDIS_URL, redisKeyPrefix: CONFIG.redisKeyPrefix, natsUrl: env.NATS_URL, eventsNamespace: CONFIG.eventsNamespace });
    } catch (error) {
      report.teardown.cleaned = [`not cleaned: ${error.message}`];
    }
    say(`teardown: ${stillAlive.length ? `STILL ALIVE: ${stillAlive.join(', ')}` : 'no process left'}; ${stillListening.length ? `STILL LISTENING: ${stillListening.join(', ')}` : 'no port left open'}; ${report.teardown.cleaned.join('; ')}`);
  }

  report.finished = new Date().toISOString();
  console.log(`\n${renderTable(report)}\n`);
  const file = path.join(ROOT, 'bench', 'RESULTS.md');
  writeFileSync(file, renderMarkdown(report));
  writeFileSync(path.join(logDir, 'report.json'), JSON.stringify(report, null, 2));
  say(`wrote ${path.relative(process.cwd(), file)} (raw: ${path.join(logDir, 'report.json')})`);
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
