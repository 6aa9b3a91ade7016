// RESULTS.md sections of their own: issue #7's targets, the mixed load's steps, the RSS table.
import { TARGET_ERROR_RATE, TARGET_P95_MS } from './mixed.mjs';
import { fmt, mib, pct } from './stats.mjs';

/** The whole platform's RSS budget under the mixed load: 1.5 GB, read as 1.5 GiB. */
export const RSS_BUDGET_KIB = 1.5 * 1024 * 1024;
export const MIXED_TARGET_RATE = 2000;

const byId = (report, id) => report.scenarios.find((s) => s.id === id)?.result;

/** Issue #7's targets, each { name, measured, ok } (ok undefined when not measured). */
export function targets(report) {
  const c = report.config;
  const out = [];
  const cached = byId(report, 'availability-cached');
  const hello = byId(report, `hello-${c.cachedConnections}`);
  out.push({
    name: `availability, cached, ${c.cachedConnections} conn: ≥ 0.10 × hello-world req/s`,
    measured: cached && hello ? `${fmt(cached.reqPerSec, 0)} ÷ ${fmt(hello.reqPerSec, 0)} = ${fmt(cached.reqPerSec / hello.reqPerSec, 3)}×` : '—',
    ok: cached && hello ? cached.reqPerSec >= 0.1 * hello.reqPerSec : undefined,
  });
  out.push({ name: 'availability, cached: p99 < 50 ms', measured: cached ? `${fmt(cached.latency.p99, 1)} ms` : '—', ok: cached ? cached.latency.p99 < 50 : undefined });
  const booking = byId(report, 'booking-create');
  const pg = byId(report, 'pgbench-booking');
  out.push({
    name: `booking creation, ${c.bookingConnections} conn: ≥ 0.5 × pgbench's booking transaction`,
    measured: booking && pg ? `${fmt(booking.reqPerSec, 0)} ÷ ${fmt(pg.reqPerSec, 0)} = ${fmt(booking.reqPerSec / pg.reqPerSec, 3)}×` : '—',
    ok: booking && pg ? booking.reqPerSec >= 0.5 * pg.reqPerSec : undefined,
  });
  out.push({ name: 'booking creation: p99 < 100 ms', measured: booking ? `${fmt(booking.latency.p99, 1)} ms` : '—', ok: booking ? booking.latency.p99 < 100 : undefined });
  out.push({
    name: 'booking creation: zero overlaps (409s and overlapping allocations by SQL)',
    measured: booking ? `${booking.conflicts} × 409, ${booking.overlaps} overlapping allocation pairs after the scenario, ${report.overlaps ?? '—'} at the end of the run` : '—',
    ok: booking ? booking.conflicts === 0 && booking.overlaps === 0 && (report.overlaps ?? 0) === 0 : undefined,
  });
  const mixed = report.mixed;
  out.push({
    name: `mixed load, ${c.mixedConnections} conn, fixed arrival rate: highest rate with p95 < ${TARGET_P95_MS} ms and errors < ${pct(TARGET_ERROR_RATE, 1)} ≥ ${MIXED_TARGET_RATE} req/s`,
    measured: mixed ? `${mixed.best ?? 'no step passed'}${mixed.best ? ' req/s' : ''}${mixed.steps.at(-1)?.passed ? ` (every step passed; the highest tried was ${mixed.steps.at(-1).target})` : ''}` : '—',
    ok: mixed ? (mixed.best ?? 0) >= MIXED_TARGET_RATE : undefined,
  });
  out.push({
    name: 'memory: every platform process together < 1.5 GB RSS during the mixed load',
    measured: mixed ? `max ${mib(mixed.memory.maxTotalKiB)} (sampled every second through the steps, up to ${mixed.steps.at(-1)?.target} req/s)` : '—',
    ok: mixed ? mixed.memory.maxTotalKiB < RSS_BUDGET_KIB : undefined,
  });
  return out;
}

export function breakdownTable(name, breakdown) {
  return [
    `**${name}**`,
    '',
    '| process | histogram | labels | calls / request | mean ms |',
    '|---|---|---|---:|---:|',
    ...breakdown.map((b) => `| ${b.process} | ${b.metric} | ${b.labels.replace(/\|/g, '\\|')} | ${fmt(b.perRequest, 2)} | ${fmt(b.meanMs, 1)} |`),
    '',
  ];
}

function kindsTable(step) {
  return [
    '| request kind | share | responses | p50 ms | p95 ms | p99 ms | errors | statuses |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    ...Object.entries(step.kinds)
      .sort((a, b) => b[1].responses - a[1].responses)
      .map(([kind, k]) => `| ${kind} | ${pct(k.responses / step.responses, 1)} | ${k.responses} | ${fmt(k.latency.p50, 1)} | ${fmt(k.latency.p95, 1)} | ${fmt(k.latency.p99, 1)} | ${k.errors} | ${Object.entries(k.statuses).map(([s, n]) => `${s}×${n}`).join(', ')} |`),
    '',
  ];
}

export function mixedSection(report) {
  const c = report.config;
  const { steps, best, cache } = report.mixed;
  const m = report.mixed;
  const md = ['## Mixed realistic load (fixed arrival rate)', ''];
  const weights = Object.entries(report.mix.weights).filter(([kind]) => report.mix.payments || kind !== 'payment flow');
  md.push(
    `Weights per request: ${weights.map(([kind, w]) => `${kind} ${w}`).join(', ')}${report.mix.payments ? ' (a payment flow is three requests: a held booking of a prepaid service, POST …/payments, the sandbox confirm — about 3 % each)' : ' (payment routes not available: no payment flows)'}. Availability asks popular businesses more (Zipf) and three in four questions are for the next two weeks; lists and profiles pick businesses the same way; bookings take free slots with an Idempotency-Key each.`,
    '',
    `Each step: ${c.mixedDurationSeconds} s at a fixed arrival rate with up to ${c.mixedConnections} open connections (autocannon \`overallRate\`; a connection's budget is rate ÷ connections a second, so below ${c.mixedConnections} req/s autocannon opens one connection per req/s), split over ${c.mixedInstances} autocannon instances started 1/${c.mixedInstances} s apart so their once-a-second refills interleave instead of firing together. Autocannon waits for a response before a connection's next request, so a platform that falls behind shows as an achieved rate below the target: a step passes when it achieves ≥ 95 % of its target, p95 < ${TARGET_P95_MS} ms and errors < ${pct(TARGET_ERROR_RATE, 1)}. The load generator shares the two cores: *harness CPU* is the harness process's own CPU time over the step (process.cpuUsage), in cores.${m.warmup ? ` Before the first step, ${m.warmup.seconds} s of the same mix at ${m.warmup.target} req/s warmed caches, pools and the JIT (not measured for pass/fail: ${fmt(m.warmup.reqPerSec, 0)} req/s achieved, p95 ${fmt(m.warmup.latency.p95, 1)} ms, errors ${pct(m.warmup.errorRate)}).` : ''}`,
    '',
  );
  md.push('| target req/s | connections | achieved req/s | p50 ms | p95 ms | p99 ms | errors | harness CPU | availability cache hit rate | platform RSS at step end | result |');
  md.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|');
  for (const s of steps) {
    md.push(`| ${s.target} | ${s.connections} | ${fmt(s.reqPerSec, 0)} | ${fmt(s.latency.p50, 1)} | ${fmt(s.latency.p95, 1)} | ${fmt(s.latency.p99, 1)} | ${pct(s.errorRate)} | ${fmt(s.harnessCpu, 2)} | ${pct(s.cache?.rate, 1)} | ${mib(s.rssEndKiB)} | ${s.passed ? '✔' : '✘'} |`);
  }
  md.push('');
  md.push(`Highest rate that passed: **${best ?? 'none'}${best ? ' req/s' : ''}** (target ≥ ${MIXED_TARGET_RATE}). Availability cache hit rate over the whole mixed load: ${pct(cache?.rate, 1)}.`, '');
  if (report.mixed.cacheLayers?.length) {
    md.push('Every cache layer over the whole mixed load (cache_hits_total / cache_misses_total of the scraped processes):', '');
    md.push('| process and layer | hits | misses | hit rate |', '|---|---:|---:|---:|');
    for (const r of report.mixed.cacheLayers) md.push(`| ${r.layer} | ${r.hits} | ${r.misses} | ${pct(r.rate, 1)} |`);
    md.push('');
  }
  const passed = steps.filter((s) => s.passed).at(-1);
  const failed = steps.find((s) => !s.passed);
  for (const [label, s] of [['highest passing step', passed], ['first failing step', failed]]) {
    if (!s) continue;
    md.push(`### ${label}: ${s.target} req/s`, '');
    md.push(...kindsTable(s));
    if (s.breakdown?.length) md.push(...breakdownTable(`where the time went at ${s.target} req/s`, s.breakdown));
  }
  return md;
}

export function rssTable(report) {
  const idle = new Map((report.rssIdle ?? []).map((r) => [r.label, r.rssKiB]));
  const after = new Map((report.rssAfter ?? []).map((r) => [r.label, r.rssKiB]));
  const mixedMax = new Map((report.mixed?.memory.max ?? []).map((r) => [r.label, r.rssKiB]));
  const mixedEnd = new Map((report.mixed?.memory.end ?? []).map((r) => [r.label, r.rssKiB]));
  const labels = [...new Set([...idle.keys(), ...after.keys(), ...mixedMax.keys()])];
  const sum = (m) => (m.size ? [...m.values()].reduce((a, b) => a + b, 0) : undefined);
  return [
    '| process | RSS idle | after the fixed scenarios | mixed load, max | mixed load, end |',
    '|---|---:|---:|---:|---:|',
    ...labels.map((l) => `| ${l} | ${mib(idle.get(l))} | ${mib(after.get(l))} | ${mib(mixedMax.get(l))} | ${mib(mixedEnd.get(l))} |`),
    `| **total** | **${mib(sum(idle))}** | **${mib(sum(after))}** | **${mib(report.mixed?.memory.maxTotalKiB)}** | **${mib(sum(mixedEnd))}** |`,
    `| budget (issue #7) | | | 1536 MiB | |`,
  ];
}

/** Where each platform process spent its CPU over the whole run (BENCH_CPU_PROF, on by default). */
export function cpuSection(report) {
  const md = ['## CPU profiles (whole run)', ''];
  if (!report.cpuProfiles.length) return [...md, 'No profile was written (did every process exit normally at teardown?).', ''];
  md.push(`V8's sampling profiler (every ${(report.config.cpuProfIntervalUs ?? 1000) / 1000} ms; \`BENCH_CPU_PROF=0\` turns it off) in every platform process from start to teardown, all scenarios together: CPU time by the code responsible — a package or our own workspace, counting the Node internals and native code it called (a \`writev\` under pino counts for pino) — then the hottest functions by self time. *busy* excludes idle time; *(program)* is V8 outside JavaScript, module compilation at startup shows under the file that was loading.`, '');
  md.push('| process | busy s | busy ÷ wall | CPU by responsible code (share of busy) |', '|---|---:|---:|---|');
  for (const p of report.cpuProfiles) md.push(`| ${p.label} | ${fmt(p.busyMs / 1000, 1)} | ${pct(p.busyMs / p.wallMs, 0)} | ${p.areas.slice(0, 6).map((a) => `${a.name} ${pct(a.share, 0)}`).join(', ')} |`);
  md.push('');
  for (const p of report.cpuProfiles.slice(0, 3)) {
    md.push(`**${p.label}**: hottest functions by self time`, '', '| function | self ms | share of busy |', '|---|---:|---:|');
    for (const f of p.functions) md.push(`| \`${f.name.replace(/\|/g, '\\|')}\` | ${fmt(f.ms, 0)} | ${pct(f.share, 1)} |`);
    md.push('');
  }
  return md;
}

/**
 * The shape's floor: what the platform's unavoidable crossings cost on this machine in this run, from the
 * baselines' own CPU per response — an HTTP request into Fastify, one gRPC unary hop, the booking's SQL
 * transaction — and what that leaves of each CPU-bound target's budget. A lower bound: no events, relay
 * or consumers, no validation, idempotency, authorization, caching, logging or metrics.
 */
export function floorSection(report) {
  const c = report.config;
  const hello = byId(report, `hello-${c.bookingConnections}`)?.cpu;
  const grpc = byId(report, `grpc-${c.cachedConnections}`)?.cpu;
  const pgbench = byId(report, 'pgbench-booking');
  const booking = byId(report, 'booking-create');
  if (!hello || !grpc || !pgbench?.cpu) return [];
  const cores = hello.cores;
  const http = hello.perResponse;
  const hop = grpc.perResponse;
  const sql = pgbench.cpu.perResponse;
  const row = (target, rate, floor, parts, measured) => {
    const budget = (cores * 1000) / rate;
    return `| ${target} | ${fmt(budget, 2)} ms | ${fmt(floor, 2)} ms (${parts}) | ${pct(floor / budget, 0)} | ${measured} | ${fmt((cores * 1000) / floor, 0)} req/s |`;
  };
  const md = ['## The floor of this shape on this machine', ''];
  md.push(
    `CPU per response of the baselines in this run, each with its client (this harness: autocannon, the gRPC client, pgbench) and the shared servers' share: an HTTP request into Fastify (hello-world, ${c.bookingConnections} conn) **${fmt(http, 3)} ms**, a gRPC unary hop (@grpc/grpc-js both ends, no work) **${fmt(hop, 3)} ms**, the booking's SQL transaction (pgbench and its backends) **${fmt(sql, 3)} ms**. A request through the platform costs at least its crossings; these floors leave out the events (outbox, relay, NATS, consumers), validation, idempotency, authorization, caches, logs and metrics, and count the load generator at its cheapest (hello-world's autocannon).`,
    '',
    '| target | budget a request (all cores ÷ target rate) | the floor alone | floor ÷ budget | measured | the floor\'s ceiling |',
    '|---|---:|---:|---:|---:|---:|',
    row(`booking creation ≥ 0.5 × pgbench (${fmt(0.5 * pgbench.reqPerSec, 0)}/s)`, 0.5 * pgbench.reqPerSec, http + hop + sql, 'HTTP + gRPC + SQL', booking?.cpu ? `${fmt(booking.cpu.perResponse, 2)} ms` : '—'),
  );
  const mixed = report.mixed;
  const top = mixed?.steps.filter((st) => st.cpu).at(-1);
  const weights = report.mix?.weights;
  if (weights) {
    const total = Object.values(weights).reduce((a, b) => a + b, 0);
    const writes = ((weights['booking create'] ?? 0) + (report.mix.payments ? weights['payment flow'] ?? 0 : 0)) / total;
    // Every mixed request crosses HTTP and one gRPC hop (availability too: the gateway asks booking, whose
    // Redis cache answers); a booking and each request of a payment flow write at least one transaction.
    md.push(row(`mixed load ≥ ${MIXED_TARGET_RATE} req/s`, MIXED_TARGET_RATE, http + hop + writes * sql, `HTTP + gRPC + ${pct(writes, 0)} writes × SQL`, top ? `${fmt(top.cpu.perResponse, 2)} ms at ${top.target} req/s` : '—'));
  }
  md.push('', `*Floor ÷ budget* is the share of the target's CPU budget the crossings alone take on these ${cores} cores; the ceiling is the rate they could carry if a request cost only its floor. What is left of the budget must pay for everything the platform does.`, '');
  return md;
}

/**
 * CPU per response by process, one column per scenario (and per mixed-load step): what one request
 * costs each process, from /proc/<pid>/stat before and after (bench/lib/cpu-accounting.mjs).
 */
export function cpuPerResponseSection(report) {
  const columns = [
    ...report.scenarios.filter((s) => s.result.cpu && !s.id.startsWith('hello-')).map((s) => ({ name: s.id, cpu: s.result.cpu })),
    ...(report.mixed?.steps ?? []).filter((s) => s.cpu).map((s) => ({ name: `mixed ${s.target}/s`, cpu: s.cpu })),
  ];
  if (!columns.length) return [];
  const labels = [];
  for (const c of columns) for (const r of c.cpu.rows) if (!labels.includes(r.label)) labels.push(r.label);
  const order = new Map(labels.map((l) => [l, Math.max(...columns.map((c) => c.cpu.rows.find((r) => r.label === l)?.perResponse ?? 0))]));
  labels.sort((a, b) => order.get(b) - order.get(a));
  const md = ['## CPU per response, by process', ''];
  md.push('utime + stime of each process (`/proc/<pid>/stat`) over the scenario ÷ its responses, in ms: every platform process, the Postgres backends connected to the bench database (for pgbench: its own clients\' backends), the Postgres server\'s background processes (WAL writer, checkpointer …), Redis and NATS (shared servers: whatever else ran meanwhile counts too), and this harness (autocannon). *cores busy* is the sum ÷ wall time: near the machine\'s core count, the scenario was CPU-bound.', '');
  md.push(`| process | ${columns.map((c) => c.name).join(' | ')} |`, `|---|${columns.map(() => '---:').join('|')}|`);
  for (const label of labels) md.push(`| ${label} | ${columns.map((c) => fmt(c.cpu.rows.find((r) => r.label === label)?.perResponse, 2)).join(' | ')} |`);
  md.push(`| **total** | ${columns.map((c) => `**${fmt(c.cpu.perResponse, 2)}**`).join(' | ')} |`);
  md.push(`| cores busy (of ${columns[0].cpu.cores}) | ${columns.map((c) => fmt(c.cpu.coresBusy, 2)).join(' | ')} |`, '');
  return md;
}

/** Each scenario's own CPU profile (cut by SIGUSR2 around it): per process, then the hottest functions. */
export function scenarioProfilesSection(report) {
  const profiled = [
    ...report.scenarios.filter((s) => s.result.profiles?.length).map((s) => ({ name: s.name, result: s.result })),
    ...(report.mixed?.steps ?? []).filter((s) => s.profiles?.length).map((s) => ({ name: `mixed load, ${s.target} req/s`, result: s })),
  ];
  if (!profiled.length) return [];
  const md = ['## CPU profiles by scenario', ''];
  md.push('The same profiler, its profile cut at the start and end of each scenario (SIGUSR2, bench/cpu-profile-preload.cjs): what each process ran during that scenario alone. *ms a response* is the process\'s busy time ÷ the scenario\'s responses.', '');
  for (const { name, result } of profiled) {
    md.push(`### ${name}`, '', '| process | busy ms a response | CPU by responsible code (share of busy) |', '|---|---:|---|');
    for (const p of result.profiles) md.push(`| ${p.label} | ${fmt(p.busyMs / result.responses, 2)} | ${p.areas.slice(0, 6).map((a) => `${a.name} ${pct(a.share, 0)}`).join(', ')} |`);
    md.push('');
    for (const p of result.profiles.slice(0, 2)) {
      md.push(`**${p.label}**, hottest functions: ${p.functions.slice(0, 8).map((f) => `\`${f.name.replace(/\|/g, '\\|')}\` ${pct(f.share, 1)}`).join(', ')}`, '');
    }
  }
  return md;
}
