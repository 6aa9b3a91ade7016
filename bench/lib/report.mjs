// The console table and bench/RESULTS.md from one run's report object.
import { breakdownTable, cpuPerResponseSection, cpuSection, floorSection, mixedSection, rssTable, scenarioProfilesSection, targets } from './report-sections.mjs';
import { fmt, pct } from './stats.mjs';

const ratio = (a, b) => (a && b && Number.isFinite(a / b) ? `${(a / b).toFixed(3)}×` : '—');

function rows(report) {
  const byId = Object.fromEntries(report.scenarios.map((s) => [s.id, s]));
  return report.scenarios.map((s) => {
    const r = s.result;
    const base = s.baseline ? byId[s.baseline]?.result : undefined;
    const extra = [];
    if (r.cache) extra.push(`availability cache hit rate ${pct(r.cache.rate, 1)} (${r.cache.hits} hits / ${r.cache.misses} misses)`);
    if (r.created !== undefined) extra.push(`201: ${r.created}, 409: ${r.conflicts}, rows added: ${r.rowsAdded}, overlapping allocations afterwards (SQL): ${r.overlaps}`);
    if (r.distinct !== undefined) extra.push(`${r.distinct} distinct questions`);
    for (const id of s.also ?? []) if (byId[id]) extra.push(`vs ${id}: req/s ${ratio(r.reqPerSec, byId[id].result.reqPerSec)}, p50 ${ratio(r.latency.p50, byId[id].result.latency.p50)}`);
    if (r.kinds && Object.keys(r.kinds).length > 1) extra.push(Object.entries(r.kinds).map(([kind, k]) => `${kind}: ${k.responses} responses, p50 ${fmt(k.latency.p50, 1)} ms, p95 ${fmt(k.latency.p95, 1)} ms`).join('; '));
    if (r.note) extra.push(r.note);
    const nonOk = r.statuses ? Object.entries(r.statuses).filter(([st]) => !(st >= 200 && st < 300)) : [];
    if (nonOk.length) extra.push(`statuses ${nonOk.map(([st, c]) => `${st}×${c}`).join(', ')}`);
    if (r.connectionErrors || r.timeouts) extra.push(`${r.connectionErrors} connection errors, ${r.timeouts} timeouts`);
    return {
      name: s.name,
      requests: r.requests,
      rps: fmt(r.reqPerSec, 0),
      p50: fmt(r.latency.p50, 2),
      p95: fmt(r.latency.p95, 2),
      p99: fmt(r.latency.p99, 2),
      errors: pct(r.errorRate),
      vsBase: base ? ratio(r.reqPerSec, base.reqPerSec) : 'baseline',
      p50vsBase: base ? ratio(r.latency.p50, base.latency.p50) : '',
      baseline: s.baseline ?? '',
      extra: extra.join('; '),
    };
  });
}

const HEADER = ['scenario', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'req/s ÷ baseline', 'p50 ÷ baseline'];

export function renderTable(report) {
  const lines = rows(report).map((r) => [r.name, String(r.requests), r.rps, r.p50, r.p95, r.p99, r.errors, r.vsBase, r.p50vsBase]);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [line(HEADER), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(line)];
  for (const r of rows(report)) if (r.extra) out.push(`  ${r.name}: ${r.extra}`);
  if (report.mixed) {
    out.push('', 'mixed load (fixed arrival rate):');
    for (const s of report.mixed.steps) out.push(`  ${String(s.target).padStart(5)} req/s → ${fmt(s.reqPerSec, 0)} achieved, p95 ${fmt(s.latency.p95, 1)} ms, errors ${pct(s.errorRate)}, harness CPU ${pct(s.harnessCpu, 0)} of a core: ${s.passed ? 'pass' : 'FAIL'}`);
    out.push(`  highest passing rate: ${report.mixed.best ? `${report.mixed.best} req/s` : 'none'}`);
  }
  out.push('', 'targets:');
  for (const t of targets(report)) out.push(`  ${t.ok === undefined ? '–' : t.ok ? '✔' : '✘'} ${t.name}: ${t.measured}`);
  out.push('', rssTable(report).join('\n'));
  for (const note of report.notes) out.push(`note: ${note}`);
  return out.join('\n');
}

function runSection(report) {
  const c = report.config;
  const m = report.machine;
  const seed = report.seed;
  const md = ['## Run', ''];
  md.push(`- command: \`${report.command}\``);
  md.push(`- date: ${report.started} → ${report.finished}${report.rendered ? ` (this file rendered again from the run's report.json by bench/render.mjs at ${report.rendered})` : ''}`);
  md.push(`- machine: nproc ${m.nproc} (${m.cpu}), memory ${m.memory}, ${m.os}; load average at start ${m.loadavg}, at the end ${report.loadavgEnd ?? '—'}`);
  md.push(`- versions: Node ${m.node}, PostgreSQL ${m.postgres}, ${m.pgbench}, Redis ${m.redis}, ${m.nats}, autocannon ${m.autocannon}, @grpc/grpc-js ${m.grpcJs}`);
  md.push(`- Postgres max_connections: ${m.pgConnections}`);
  md.push(`- open files: soft limit ${report.limits?.soft}, hard ${report.limits?.hard} (the mixed load needs ${report.limits?.needed}: its connections here and in the gateway)`);
  if (seed) {
    const statuses = Object.entries(seed.statusCounts).sort((a, b) => b[1] - a[1]).map(([s, n]) => `${s} ${n}`).join(', ');
    md.push(`- data through the API (the realistic path, ${seed.seconds.catalog.toFixed(1)} s at ${c.seedConcurrency} in flight): 1 owner, ${seed.businesses} businesses with weekly hours, 2 staff and an API key each, ${seed.services} services (${seed.prepaidServices} of them prepaid), and ${seed.apiBookings} bookings whose policy snapshots are the bulk rows' templates`);
    md.push(`- data through SQL (COPY into the booking schema in one transaction, then ANALYZE; ${seed.seconds.bookings.toFixed(1)} s): ${seed.bookings} bookings with their allocations — ${seed.pastPerService} a service over the last 45 days and ${seed.futurePerService} over the next 45 — and ${seed.customers} customers; statuses ${statuses}. Columns, CHECKs and the exclusion constraint are the booking migrations'; cancelled and no-show bookings release their allocations as the lifecycle does; holds expire 2 h after seeding (no delayed job exists for them, the sweeper would expire them). No outbox rows, so analytics and the payment service never hear of the bulk bookings.`);
    md.push(`- bookings in the database at the end: ${report.bookingsInDb ?? '—'}; overlapping active exclusive allocations at the end (SQL self-join): ${report.overlaps ?? '—'}`);
  }
  md.push(`- the platform was ready ${report.startSeconds?.toFixed(1) ?? '—'} s after \`node scripts/start.mjs\` (includes \`tsc -b\`); it runs with \`RATE_LIMIT_ENABLED=false\`, \`LOG_LEVEL=${c.logLevel}\`, \`NODE_ENV=development\` (DB pool 2–10 per process), its own database \`${new URL(c.databaseUrl).pathname.slice(1)}\`, Redis prefix \`${c.redisKeyPrefix}:\`, NATS namespace \`${c.eventsNamespace}\`, ports moved by +${c.portOffset}`);
  md.push(`- each fixed scenario: autocannon ${c.durationSeconds} s on loopback (hello-world and cached availability after a ${c.warmupSeconds} s warm-up), load generator in the harness process on the same machine`);
  if (report.pgbenchCommand) md.push(`- pgbench: \`${report.pgbenchCommand}\` after \`psql -f bench/pgbench/setup.sql\``);
  md.push('');
  return md;
}

export function renderMarkdown(report) {
  const table = rows(report);
  const md = ['# Benchmark results', ''];
  md.push('Written by `npm run bench` (bench/run.mjs); every figure below comes from the one run described here. Re-run to refresh.', '');
  md.push(...runSection(report));
  md.push('## Targets (issue #7)', '');
  md.push('| target | measured | met |', '|---|---|:---:|');
  for (const t of targets(report)) md.push(`| ${t.name} | ${t.measured} | ${t.ok === undefined ? 'not measured' : t.ok ? '✔' : '✘'} |`);
  md.push('');
  md.push('## Scenarios', '');
  md.push('| scenario | requests | req/s | p50 ms | p95 ms | p99 ms | error rate | req/s ÷ baseline | p50 ÷ baseline | baseline |');
  md.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of table) md.push(`| ${r.name} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.errors} | ${r.vsBase} | ${r.p50vsBase} | ${r.baseline} |`);
  md.push('');
  for (const r of table) if (r.extra) md.push(`- **${r.name}**: ${r.extra}`);
  md.push('');
  md.push('Latency is per request (autocannon\'s response time for HTTP; pgbench\'s per-transaction log for SQL; the gRPC client\'s callback for the no-op). An error is a connection error, a timeout, or a status other than 2xx (for booking creation anything but 201: every request takes its own free slot, so a 409 would be a bug). "Rows added" can exceed the 201s by up to the connection count: requests still in flight when autocannon stops are not counted, but their bookings commit.', '');
  if (report.mixed) md.push(...mixedSection(report));
  const traced = report.scenarios.filter((s) => s.result.breakdown?.length);
  if (traced.length) {
    md.push('## Where the time went', '');
    md.push('Deltas of the servers\' own histograms (the gateway\'s `/metrics` on its API port; booking, catalog and payment servers\' metrics ports) over each scenario: calls per HTTP response and mean duration, largest total first. Client-side gRPC time includes the server-side time of the same call; the gateway\'s `http_request_duration` starts when Fastify has the request, so autocannon\'s latency minus it is time spent waiting for the gateway\'s event loop and the kernel.', '');
    for (const s of traced) md.push(...breakdownTable(s.name, s.result.breakdown));
  }
  md.push(...cpuPerResponseSection(report));
  md.push(...floorSection(report));
  md.push(...scenarioProfilesSection(report));
  if (report.cpuProfiles) md.push(...cpuSection(report));
  md.push('## Resident memory (VmRSS from /proc)', '');
  md.push('Idle: 5 s after "ready", before seeding. After the fixed scenarios: right after the last one. Mixed max / end: sampled every second through the mixed load (max per process, and the last sample); the total row\'s mixed max is the largest simultaneous sum.', '');
  md.push(...rssTable(report), '');
  if (report.engine) {
    md.push('## Availability engine alone', '');
    md.push('`services/booking/test/availability/engine-speed.bench.ts`, compiled as its header says and run in the same `npm run bench`, before the platform started (a busy month: 10 stylists, 3 chairs, ~300 allocations, 31 days):', '');
    md.push('```', report.engine.output, '```', '');
  }
  md.push('## What changed', '');
  md.push(report.changes ? report.changes.trim() : '_bench/CHANGES.md is missing: nothing recorded._', '');
  md.push('## What the numbers mean', '');
  md.push(
    '- The machine is shared and noisy (other builds and tests may run), and the load generator, Postgres, Redis, NATS and all nine platform processes share its cores. Absolute req/s say little; compare the **ratios** to the baseline measured in the same run, and compare ratios across runs.',
    '- *req/s ÷ baseline* for HTTP scenarios is against a bare Fastify hello-world at the same concurrency: the share of the bare-HTTP ceiling left once a request goes gateway → gRPC → service → Redis/Postgres. Cached availability is also compared with a raw gRPC unary no-op at the same number of calls in flight: the ceiling of the gateway → booking hop alone. For booking creation it is against pgbench running the booking\'s own SQL transaction at the same concurrency: the cost of everything around the transaction (HTTP, validation, the catalog read over gRPC, the ORM, the pool of 10 connections per process).',
    '- *availability, cached* repeats one question, so after the first call every request is a Redis hit in the booking service (hit rate above); *cold* asks a (service, date, days) not asked before in the run, so every request computes availability (catalog reads + the allocations query + the engine) — its hit rate should be near 0 %.',
    '- *Where the time went* splits a request by hop: the gap between the gateway\'s gRPC client time and the service\'s own handling time is queueing (event loops, the channel, CPU contention), not work.',
    '- Postgres, Redis and NATS memory is not in the RSS table (shared servers, not started by the platform).',
    '- The seed\'s targets (performance-and-scalability.md): p95 < 500 ms, p99 < 1000 ms, error rate < 0.1 %, 500+ req/s, 1000+ concurrent users; issue #7\'s targets (table above) are stricter and relative to this machine\'s own baselines.',
    '',
  );
  md.push('## Teardown', '');
  const t = report.teardown ?? {};
  md.push(`- ${t.processes ?? 0} processes started (start.mjs, its children, hello-fastify, the gRPC no-op server); alive afterwards: ${t.stillAlive?.length ? t.stillAlive.join(', ') : 'none'}; bench ports still listening: ${t.stillListening?.length ? t.stillListening.join(', ') : 'none'}`);
  md.push(`- cleaned: ${(t.cleaned ?? []).join('; ')}; the database \`${new URL(report.config.databaseUrl).pathname.slice(1)}\` is kept for inspection (dropped and recreated by the next run)`);
  md.push('');
  if (report.notes.length) {
    md.push('## Not measured / notes', '');
    for (const note of report.notes) md.push(`- ${note}`);
    md.push('');
  }
  return md.join('\n');
}
