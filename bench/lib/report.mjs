// The console table and bench/RESULTS.md from one run's report object.
import { fmt, mib, pct } from './stats.mjs';

const ratio = (a, b) => (a && b && Number.isFinite(a / b) ? `${(a / b).toFixed(3)}×` : '—');

function rows(report) {
  const byId = Object.fromEntries(report.scenarios.map((s) => [s.id, s]));
  return report.scenarios.map((s) => {
    const r = s.result;
    const base = s.baseline ? byId[s.baseline]?.result : undefined;
    const also = s.also ? byId[s.also]?.result : undefined;
    const extra = [];
    if (r.cache) extra.push(`availability cache hit rate ${pct(r.cache.rate, 1)} (${r.cache.hits} hits / ${r.cache.misses} misses)`);
    if (r.created !== undefined) extra.push(`201: ${r.created}, 409: ${r.conflicts}, rows added: ${r.rowsAdded}`);
    if (r.distinct !== undefined) extra.push(`${r.distinct} distinct questions`);
    if (also) extra.push(`vs ${s.also}: req/s ${ratio(r.reqPerSec, also.reqPerSec)}`);
    if (r.note) extra.push(r.note);
    const nonOk = r.statuses ? Object.entries(r.statuses).filter(([st]) => !(st >= 200 && st < 300) && st !== '409') : [];
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
  out.push('', rssTable(report).join('\n'));
  for (const note of report.notes) out.push(`note: ${note}`);
  return out.join('\n');
}

function rssTable(report) {
  const idle = new Map((report.rssIdle ?? []).map((r) => [r.label, r.rssKiB]));
  const after = new Map((report.rssAfter ?? []).map((r) => [r.label, r.rssKiB]));
  const labels = [...new Set([...idle.keys(), ...after.keys()])];
  const sum = (m) => [...m.values()].reduce((a, b) => a + b, 0);
  return [
    '| process | RSS idle | RSS after load |',
    '|---|---:|---:|',
    ...labels.map((l) => `| ${l} | ${mib(idle.get(l))} | ${mib(after.get(l))} |`),
    `| **total** | **${mib(sum(idle))}** | **${mib(sum(after))}** |`,
  ];
}

export function renderMarkdown(report) {
  const c = report.config;
  const m = report.machine;
  const table = rows(report);
  const md = [];
  md.push('# Benchmark results', '');
  md.push('Written by `npm run bench` (bench/run.mjs); every figure below comes from the one run described here. Re-run to refresh.', '');
  md.push('## Run', '');
  md.push(`- command: \`${report.command}\``);
  md.push(`- date: ${report.started} → ${report.finished}`);
  md.push(`- machine: nproc ${m.nproc} (${m.cpu}), memory ${m.memory}, ${m.os}, Node ${m.node}, PostgreSQL ${m.postgres}; load average at start ${m.loadavg}`);
  md.push(`- data (seeded through the API): ${report.seed?.businesses ?? '—'} businesses × ${c.servicesPerBusiness} services = ${report.seed?.services ?? '—'} services, ${report.seed?.bookings ?? '—'} seed bookings (BENCH_SCALE=${c.scale}); ${report.bookingsInDb ?? '—'} bookings in the database after the booking scenario`);
  if (report.seed) md.push(`- seeding took ${report.seed.seconds.catalog.toFixed(1)} s for the catalog and ${report.seed.seconds.bookings.toFixed(1)} s for the bookings (${(report.seed.bookings / report.seed.seconds.bookings).toFixed(0)} bookings/s at ${c.seedConcurrency} in flight); the platform was ready ${report.startSeconds?.toFixed(1) ?? '—'} s after \`node scripts/start.mjs\` (includes \`tsc -b\`)`);
  md.push(`- each scenario: autocannon ${c.durationSeconds} s on loopback (hello-world and cached availability after a ${c.warmupSeconds} s warm-up), load generator in the harness process on the same machine; platform with \`RATE_LIMIT_ENABLED=false\`, \`LOG_LEVEL=${c.logLevel}\`, \`NODE_ENV=development\` (DB pool 2–10 per process), its own database \`${new URL(c.databaseUrl).pathname.slice(1)}\`, Redis prefix \`${c.redisKeyPrefix}:\`, NATS namespace \`${c.eventsNamespace}\`, ports moved by +${c.portOffset}`);
  if (report.pgbenchCommand) md.push(`- pgbench: \`${report.pgbenchCommand}\` after \`psql -f bench/pgbench/setup.sql\``);
  md.push('');
  md.push('## Results', '');
  md.push('| scenario | requests | req/s | p50 ms | p95 ms | p99 ms | error rate | req/s ÷ baseline | p50 ÷ baseline | baseline |');
  md.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of table) md.push(`| ${r.name} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.errors} | ${r.vsBase} | ${r.p50vsBase} | ${r.baseline} |`);
  md.push('');
  for (const r of table) if (r.extra) md.push(`- **${r.name}**: ${r.extra}`);
  md.push('');
  const traced = report.scenarios.filter((s) => s.result.breakdown?.length);
  if (traced.length) {
    md.push('### Where the time went', '');
    md.push('Deltas of the servers\' own histograms (the gateway\'s `/metrics` on its API port; booking and catalog servers\' metrics ports) over each scenario: calls per HTTP response and mean duration, largest total first. Client-side gRPC time includes the server-side time of the same call; the gateway\'s `http_request_duration` starts when Fastify has the request, so autocannon\'s latency minus it is time spent waiting for the gateway\'s event loop and the kernel.', '');
    for (const s of traced) {
      md.push(`**${s.name}**`, '');
      md.push('| process | histogram | labels | calls / request | mean ms |', '|---|---|---|---:|---:|');
      for (const b of s.result.breakdown) md.push(`| ${b.process} | ${b.metric} | ${b.labels.replace(/\|/g, '\\|')} | ${fmt(b.perRequest, 2)} | ${fmt(b.meanMs, 1)} |`);
      md.push('');
    }
  }
  md.push('Latency is per request (autocannon\'s response time for HTTP; pgbench\'s per-transaction log for SQL). An error is a connection error, a timeout, or a status other than 2xx (201 or 409 for booking creation — 409s are counted separately and should be 0, since every request takes its own slot). "Rows added" can exceed the 201s by up to the connection count: requests still in flight when autocannon stops are not counted, but their bookings commit.', '');
  md.push('## Resident memory (VmRSS from /proc)', '');
  md.push('Idle: 5 s after "ready", before seeding. After load: right after the booking scenario.', '');
  md.push(...rssTable(report), '');
  if (report.engine) {
    md.push('## Availability engine alone', '');
    md.push('`services/booking/test/availability/engine-speed.bench.ts`, compiled as its header says and run in the same `npm run bench`, before the platform started (a busy month: 10 stylists, 3 chairs, ~300 allocations, 31 days):', '');
    md.push('```', report.engine.output, '```', '');
  }
  md.push('## What the numbers mean', '');
  md.push(
    '- The machine is shared and noisy (other builds and tests may run), and the load generator, Postgres, Redis, NATS and all nine platform processes share its cores. Absolute req/s say little; compare the **ratios** to the baseline measured in the same run, and compare ratios across runs.',
    '- *req/s ÷ baseline* for HTTP scenarios is against a bare Fastify hello-world at the same concurrency: the share of the bare-HTTP ceiling left once a request goes gateway → gRPC → service → Redis/Postgres. For booking creation it is against pgbench running the booking\'s own SQL transaction at the same concurrency: the cost of everything around the transaction (HTTP, validation, the catalog read over gRPC, the ORM, the pool of 10 connections per process).',
    '- *availability, cached* repeats one question, so after the first call every request is a Redis hit in the booking service (hit rate above); *cold* asks a (service, date, days) not asked before in the run, so every request computes availability (catalog reads + the allocations query + the engine) — its hit rate should be near 0 %.',
    '- *Where the time went* splits a request by hop: the gap between the gateway\'s gRPC client time and the service\'s own handling time is queueing (event loops, the channel, CPU contention), not work.',
    '- Postgres, Redis and NATS memory is not in the RSS table (shared servers, not started by the platform).',
    '- The seed\'s targets (performance-and-scalability.md): p50 < 200 ms, p95 < 500 ms, p99 < 1000 ms, error rate < 0.1 %, 500+ req/s; on this 2-core box with everything co-located, read them as a sanity check, not as capacity.',
    '',
  );
  md.push('## Teardown', '');
  const t = report.teardown ?? {};
  md.push(`- ${t.processes ?? 0} processes started (start.mjs, its children, hello-fastify); alive afterwards: ${t.stillAlive?.length ? t.stillAlive.join(', ') : 'none'}; bench ports still listening: ${t.stillListening?.length ? t.stillListening.join(', ') : 'none'}`);
  md.push(`- cleaned: ${(t.cleaned ?? []).join('; ')}; the database \`${new URL(c.databaseUrl).pathname.slice(1)}\` is kept for inspection (dropped and recreated by the next run)`);
  md.push('');
  if (report.notes.length) {
    md.push('## Not measured / notes', '');
    for (const note of report.notes) md.push(`- ${note}`);
    md.push('');
  }
  return md.join('\n');
}
