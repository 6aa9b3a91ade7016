/**
 * The Helm chart (deploy/helm/omotenashi), checked without a cluster: values against their JSON
 * Schema, the runtime contract (ports, roles, who calls whom), template syntax, the seed's alerts and
 * pool sizes, the dashboard and the Dockerfile. When `helm` is installed (or HELM_BIN names it) the
 * chart is also linted and rendered and the manifests are checked; with `promtool` too, the alert
 * unit tests in ci/prometheusrule.test.yaml run against the rendered rules.
 *
 * ajv (draft-07, which the schema declares and Helm reads) and js-yaml come with the dev toolchain
 * (eslint); nothing is added for this test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
// @ts-expect-error -- js-yaml ships no types and @types/js-yaml is not a dependency; typed below.
import * as untypedYaml from 'js-yaml';

const yaml = untypedYaml as { load(text: string): unknown; loadAll(text: string): unknown[]; dump(value: unknown): string };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = Record<string, Json>;

const repo = join(__dirname, '..', '..');
const chart = join(repo, 'deploy', 'helm', 'omotenashi');
const read = (...parts: string[]) => readFileSync(join(...parts), 'utf8');
const loadYaml = (text: string) => yaml.load(text) as Obj;

const values = loadYaml(read(chart, 'values.yaml'));
const schema = JSON.parse(read(chart, 'values.schema.json')) as Obj;
const templateFiles = readdirSync(join(chart, 'templates')).sort();
const templates = Object.fromEntries(templateFiles.map((f) => [f, read(chart, 'templates', f)]));

/** The runtime contract the services are written against. */
const GRPC_PORTS: Record<string, number> = { catalog: 50051, booking: 50052, payment: 50053, analytics: 50054 };
const ROLES: Record<string, string[]> = { gateway: ['server'], catalog: ['server', 'worker'], booking: ['server', 'worker'], payment: ['server', 'worker'], analytics: ['server', 'worker'] };
const CALLS: Record<string, string[]> = { 'gateway-server': ['catalog', 'booking', 'payment', 'analytics'], 'booking-server': ['catalog', 'payment'], 'payment-server': ['booking'] };

/** Helm's merge of a user values file over the defaults: maps merge, null deletes, anything else replaces. */
function coalesce(base: Json, over: Json): Json {
  if (!isObj(base) || !isObj(over)) return over;
  const out: Obj = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === null) delete out[key];
    else out[key] = coalesce(base[key] ?? null, value);
  }
  return out;
}
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const at = (root: Json, path: string): Json => path.split('.').reduce<Json>((node, key) => (isObj(node) ? node[key] ?? null : null), root);

function validator() {
  // `strict: false` quiets ajv 8's strict-mode notes should the hoisted ajv ever be 8; ajv 6 ignores it.
  const options = { allErrors: true, strict: false };
  const ajv = new Ajv(options);
  const validate = ajv.compile(schema);
  return (data: Json) => {
    const ok = validate(data) as boolean;
    return { ok, errors: ajv.errorsText(validate.errors, { separator: '\n' }) };
  };
}

describe('values.schema.json', () => {
  const validate = validator();

  it('declares JSON Schema draft-07, which Helm 3 and 4 both read', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  it('When the default values.yaml is validated, then it passes', () => {
    const result = validate(values);
    expect(result.errors).toBe('No errors');
    expect(result.ok).toBe(true);
  });

  it('When every switch is on (ci/full-values.yaml over the defaults), then the values still pass', () => {
    const full = coalesce(values, loadYaml(read(chart, 'ci', 'full-values.yaml')));
    const result = validate(full);
    expect(result.errors).toBe('No errors');
  });

  const broken: [string, (v: Obj) => void][] = [
    ['an unknown top-level key', (v) => (v.replicas = 3)],
    ['a misspelt role field', (v) => ((at(v, 'services.booking.roles.server') as Obj).replica = 2)],
    ['a worker role for the gateway', (v) => ((at(v, 'services.gateway.roles') as Obj).worker = clone(at(v, 'services.booking.roles.worker')))],
    ['an unknown service', (v) => ((v.services as Obj).bookings = clone(at(v, 'services.booking')))],
    ['a gRPC service that says it speaks HTTP', (v) => ((at(v, 'services.payment') as Obj).protocol = 'http')],
    ['an environment outside development/staging/production', (v) => (v.environment = 'prod')],
    ['no Secret named and none created', (v) => ((v.secrets as Obj).existingSecret = '')],
    ['a created Secret without URLs', (v) => ((v.secrets as Obj).create = true)],
    ['a Redis prefix with characters the services reject', (v) => ((v.config as Obj).redisKeyPrefix = 'Omotenashi:')],
    ['a drain budget under one second', (v) => ((v.config as Obj).shutdownTimeoutMs = 500)],
    ['an HPA with no CPU or memory target', (v) => {
      const hpa = at(v, 'services.catalog.roles.server.autoscaling') as Obj;
      hpa.targetCPUUtilizationPercentage = null;
      hpa.targetMemoryUtilizationPercentage = null;
    }],
    ['a PDB that is on without a budget', (v) => ((at(v, 'services.catalog.roles.server') as Obj).pdb = { enabled: true })],
    ['a resource request without memory', (v) => ((at(v, 'services.catalog.roles.server.resources') as Obj).requests = { cpu: '100m' })],
    ['a call to a service that does not exist', (v) => ((at(v, 'services.booking.roles.server') as Obj).calls = ['inventory'])],
    ['a root user id', (v) => ((v.securityContext as Obj).runAsUser = 0)],
    ['an error-rate threshold given in percent', (v) => ((at(v, 'monitoring.prometheusRule.thresholds') as Obj).errorRateCritical = 5)],
    ['a connection URL in the non-secret extraEnv', (v) => ((v.config as Obj).extraEnv = { DATABASE_URL: 'postgres://x' })],
  ];
  it.each(broken)('When values have %s, then validation fails', (_name, breakIt) => {
    const bad = clone(values);
    breakIt(bad);
    expect(validate(bad).ok).toBe(false);
  });
});

describe('values follow the runtime contract', () => {
  const services = values.services as Record<string, Obj>;

  it('has exactly the five services, each with its own roles', () => {
    expect(Object.keys(services).sort()).toEqual(Object.keys(ROLES).sort());
    for (const [name, roles] of Object.entries(ROLES)) expect(Object.keys(services[name].roles as Obj).sort()).toEqual(roles);
  });

  it('listens where the services and their clients expect: gRPC 50051-50054, the gateway HTTP 8080, metrics 9464', () => {
    for (const [name, port] of Object.entries(GRPC_PORTS)) {
      expect(services[name]).toMatchObject({ protocol: 'grpc', port });
    }
    expect(services.gateway).toMatchObject({ protocol: 'http', port: 8080 });
    expect(at(values, 'config.metricsPort')).toBe(9464);
  });

  it('When a role calls another service, then that service has a gRPC server to call (or, for the gateway, its HTTP port)', () => {
    for (const [svcName, svc] of Object.entries(services)) {
      for (const [roleName, role] of Object.entries(svc.roles as Record<string, Obj>)) {
        for (const callee of role.calls as string[]) {
          const expected = callee === 'gateway' ? 'http' : 'grpc';
          expect({ caller: `${svcName}-${roleName}`, callee, protocol: services[callee]?.protocol }).toEqual({ caller: `${svcName}-${roleName}`, callee, protocol: expected });
        }
      }
    }
  });

  it('lets the payment worker reach the gateway, where the sandbox PSP delivers its signed webhooks', () => {
    expect(at(values, 'services.payment.roles.worker.calls')).toEqual(expect.arrayContaining(['gateway']));
    expect(templates['_helpers.tpl']).toContain('PAYMENT_SANDBOX_WEBHOOK_URL');
  });

  it('lets every caller of the contract through: gateway → all four, booking → catalog and payment, payment → booking', () => {
    for (const [caller, callees] of Object.entries(CALLS)) {
      const [svc, role] = caller.split('-');
      expect(at(values, `services.${svc}.roles.${role}.calls`)).toEqual(expect.arrayContaining(callees));
    }
  });

  it('sizes the connection pool per environment as the seed says (dev 2-10, staging 5-20, production 10-50)', () => {
    expect(at(values, 'database.poolSizes')).toEqual({
      development: { min: 2, max: 10 },
      staging: { min: 5, max: 20 },
      production: { min: 10, max: 50 },
    });
  });

  it('gives a drain budget the grace period can hold', () => {
    expect(at(values, 'config.shutdownTimeoutMs')).toBeGreaterThanOrEqual(1000);
    expect(at(values, 'lifecycle.extraGraceSeconds')).toBeGreaterThanOrEqual(5);
  });
});

/** Every `{{ … }}` action of a template, skipping strings, raw strings and comments inside it. */
function actionsOf(text: string, file: string): string[] {
  const actions: string[] = [];
  let i = 0;
  for (;;) {
    const start = text.indexOf('{{', i);
    if (start < 0) break;
    let j = start + 2;
    const body = text.slice(j).replace(/^-?\s*/, '');
    if (body.startsWith('/*')) {
      const close = text.indexOf('*/', j);
      if (close < 0) throw new Error(`${file}: unclosed comment at ${start}`);
      j = close + 2;
      while (j < text.length && /[\s-]/.test(text[j])) j++;
      if (text.slice(j, j + 2) !== '}}') throw new Error(`${file}: comment not closed by }} at ${start}`);
      actions.push('/* */');
      i = j + 2;
      continue;
    }
    let quote: string | null = null;
    for (; j < text.length; j++) {
      const c = text[j];
      if (quote) {
        if (quote === '"' && c === '\\') j++;
        else if (c === quote) quote = null;
      } else if (c === '"' || c === '`') quote = c;
      else if (c === '}' && text[j + 1] === '}') break;
      else if (c === '{' && text[j + 1] === '{') throw new Error(`${file}: "{{" inside an action at ${j}`);
    }
    if (j >= text.length) throw new Error(`${file}: action opened at ${start} never closes`);
    actions.push(text.slice(start + 2, j).replace(/^-\s+/, '').replace(/\s+-$/, '').trim());
    i = j + 2;
  }
  return actions;
}

/** Text outside actions: a stray "}}" there means a broken action. */
function outsideActions(text: string): string {
  return text.replace(/\{\{\/\*[\s\S]*?\*\/\}\}|\{\{-\s*\/\*[\s\S]*?\*\/\s*-?\}\}|\{\{(?:[^}"`]|"(?:\\.|[^"\\])*"|`[^`]*`|\}(?!\}))*\}\}/g, '');
}

describe('templates', () => {
  const defined = new Set<string>();
  for (const text of Object.values(templates)) for (const m of text.matchAll(/define\s+"([^"]+)"/g)) defined.add(m[1]);

  it.each(templateFiles)('%s: every {{ closes and no stray }} is left', (file) => {
    const text = templates[file];
    expect(() => actionsOf(text, file)).not.toThrow();
    expect(outsideActions(text)).not.toContain('}}');
  });

  it.each(templateFiles)('%s: if / range / with / define blocks each close with one end', (file) => {
    const stack: string[] = [];
    for (const action of actionsOf(templates[file], file)) {
      const keyword = action.split(/\s+/)[0];
      if (['if', 'range', 'with', 'define', 'block'].includes(keyword)) stack.push(keyword);
      else if (keyword === 'else') expect(['if', 'range', 'with']).toContain(stack[stack.length - 1]);
      else if (keyword === 'end') expect(stack.pop()).toBeDefined();
    }
    expect(stack).toEqual([]);
    const opens = (templates[file].match(/\{\{-?\s*(if|range|with|define)\b/g) ?? []).length;
    const ends = (templates[file].match(/\{\{-?\s*end\s*-?\}\}/g) ?? []).length;
    expect(ends).toBe(opens);
  });

  it.each(templateFiles)('%s: every .Values path it reads exists in values.yaml', (file) => {
    const missing = [...templates[file].matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)]
      .map((m) => m[1].slice(1))
      .filter((path) => {
        const keys = path.split('.');
        const parent = keys.slice(0, -1).reduce<Json>((node, key) => (isObj(node) ? node[key] ?? null : null), values);
        return !(isObj(parent) && keys[keys.length - 1] in parent);
      });
    expect(missing).toEqual([]);
  });

  it.each(templateFiles)('%s: every included template is defined', (file) => {
    const used = [...templates[file].matchAll(/(?:include|template)\s+"([^"]+)"/g)].map((m) => m[1]);
    expect(used.filter((name) => !defined.has(name))).toEqual([]);
  });

  it('has no tab characters (YAML forbids them for indentation)', () => {
    for (const [file, text] of Object.entries(templates)) expect({ file, tabs: text.includes('\t') }).toEqual({ file, tabs: false });
  });

  it('runs one Deployment, HPA and PDB per enabled role from one loop over services, not a copy per service', () => {
    for (const file of ['deployments.yaml', 'hpa.yaml', 'pdb.yaml', 'networkpolicy.yaml']) {
      expect(templates[file]).toMatch(/range \$svcName, \$svc := .*\.Values\.services/);
      expect(templates[file]).toMatch(/range \$roleName, \$role := \$svc\.roles/);
      for (const name of Object.keys(ROLES)) expect(templates[file]).not.toContain(`"${name}"`);
    }
  });

  it('gives each role kind its probe and ports: gRPC servers grpc probes on the gRPC port, the gateway HTTP on its port, workers HTTP on the metrics port', () => {
    const deployment = templates['deployments.yaml'];
    // gRPC servers: native gRPC probes (startup, readiness, liveness) on the service's gRPC port.
    expect(deployment).toMatch(/if and \$isServer \(eq \$svc\.protocol "grpc"\) \}\}(\s*\w+Probe:\s*grpc:\s*port: \{\{ \$svc\.port \}\}[^\n]*\n[^\n]*\n){3}/);
    // Everyone else: /healthz and /readyz on the gateway's `http` port or the `metrics` port.
    expect(deployment).toContain('$probePort := ternary "http" "metrics" (eq $svc.protocol "http")');
    expect(deployment.match(/path: \/healthz\s+port: \{\{ \$probePort \}\}/g)).toHaveLength(2);
    expect(deployment).toMatch(/path: \/readyz\s+port: \{\{ \$probePort \}\}/);
    // Ports named as the probes, Services and NetworkPolicies expect them.
    expect(deployment).toMatch(/- name: http\s+containerPort: \{\{ \$svc\.port \}\}/);
    expect(deployment).toMatch(/- name: grpc\s+containerPort: \{\{ \$svc\.port \}\}/);
    expect(deployment).toMatch(/- name: metrics\s+containerPort: \{\{ \$metricsPort \}\}/);
    expect(templates['services.yaml']).toMatch(/- name: grpc\s+port: \{\{ \$svc\.port \}\}\s+targetPort: grpc/);
    expect(templates['services.yaml']).toMatch(/- name: http\s+port: \{\{ \$svc\.port \}\}\s+targetPort: http/);
    for (const [svcName, svc] of Object.entries(values.services as Record<string, Obj>)) {
      for (const roleName of Object.keys(svc.roles as Obj)) {
        const probe = svc.protocol === 'grpc' && roleName === 'server' ? 'grpc' : svc.protocol === 'http' ? 'http /healthz,/readyz' : 'metrics /healthz,/readyz';
        expect({ role: `${svcName}-${roleName}`, probe }).toEqual({ role: `${svcName}-${roleName}`, probe: expectedProbe(svcName, roleName) });
      }
    }
  });

  it('runs pods non-root and read-only with no capabilities, the runtime seccomp profile and a writable /tmp', () => {
    const helpers = templates['_helpers.tpl'];
    for (const line of ['runAsNonRoot: true', 'readOnlyRootFilesystem: true', 'allowPrivilegeEscalation: false', 'drop: ["ALL"]', 'type: RuntimeDefault']) {
      expect(helpers).toContain(line);
    }
    expect(at(values, 'securityContext.runAsUser')).toBe(10001);
    for (const file of ['deployments.yaml', 'migration-jobs.yaml']) {
      expect(templates[file]).toContain('omotenashi.containerSecurityContext');
      expect(templates[file]).toMatch(/mountPath: \/tmp/);
    }
  });

  it('derives the grace period from the drain budget, plus the preStop sleep and a margin', () => {
    expect(templates['_helpers.tpl']).toContain('div (add (int $root.Values.config.shutdownTimeoutMs) 999) 1000');
    expect(templates['deployments.yaml']).toContain('terminationGracePeriodSeconds: {{ include "omotenashi.terminationGracePeriod" $ctx }}');
    expect(templates['deployments.yaml']).toMatch(/preStop:\s+exec:\s+command: \["sleep"/);
  });

  it('keeps connection URLs out of the ConfigMap and reads them from a Secret', () => {
    const configData = templates['_helpers.tpl'].split('define "omotenashi.configData"')[1].split('{{- end -}}\n\n')[0];
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'NATS_URL']) {
      expect(configData).not.toContain(name);
      expect(templates['_helpers.tpl']).toMatch(new RegExp(`- name: ${name}\\s+valueFrom:\\s+secretKeyRef:`));
    }
    for (const name of ['NODE_ENV', 'LOG_LEVEL', 'REDIS_KEY_PREFIX', 'EVENTS_NAMESPACE', 'METRICS_PORT', 'METRICS_HOST', 'SHUTDOWN_TIMEOUT_MS', 'GRPC_HOST', 'HOST', 'DB_POOL_MIN', 'DB_POOL_MAX', 'DB_PREPARED_STATEMENTS', '_GRPC_URL']) {
      expect(configData).toContain(name);
    }
  });

  it('migrates every service as a pre-install / pre-upgrade hook before the Deployments roll', () => {
    const jobs = templates['migration-jobs.yaml'];
    expect(jobs).toContain('kind: Job');
    expect(jobs).toContain('helm.sh/hook: pre-install,pre-upgrade');
    expect(jobs).toMatch(/args: \[\{\{ printf "services\/%s\/dist\/start\.js" \$svcName \| quote \}\}, "migrate"\]/);
  });
});

function expectedProbe(svcName: string, roleName: string): string {
  if (svcName === 'gateway') return 'http /healthz,/readyz';
  return roleName === 'server' ? 'grpc' : 'metrics /healthz,/readyz';
}

describe('PrometheusRule: the seed\'s alerts', () => {
  const rule = templates['prometheusrule.yaml'];
  const thresholds = at(values, 'monitoring.prometheusRule.thresholds') as Obj;

  it('ships the seed thresholds: p95 1 s / 500 ms, errors 1 % / 0.5 %, pool 80 %, backlog 1000 / 500, cache 70 %, slow queries 10/min', () => {
    expect(thresholds).toMatchObject({
      latencyP95CriticalSeconds: 1,
      latencyP95WarningSeconds: 0.5,
      errorRateCritical: 0.01,
      errorRateWarning: 0.005,
      dbPoolUsageCritical: 0.8,
      queueBacklogCritical: 1000,
      queueBacklogWarning: 500,
      cacheHitRateCritical: 0.7,
      slowQueriesPerMinuteWarning: 10,
    });
    expect(at(values, 'monitoring.prometheusRule.jobDurationP95Seconds')).toEqual({ email: 2, analytics: 30, webhooks: 1, reminders: 1 });
  });

  const alerts: [string, string[], string[]][] = [
    ['OmotenashiHttpLatencyHigh', ['http_request_duration_seconds_bucket', 'histogram_quantile(0.95'], ['latencyP95CriticalSeconds', 'latencyP95WarningSeconds']],
    ['OmotenashiGrpcLatencyHigh', ['grpc_server_handling_seconds_bucket', 'histogram_quantile(0.95'], ['latencyP95CriticalSeconds', 'latencyP95WarningSeconds']],
    ['OmotenashiHttpErrorRateHigh', ['http_request_duration_seconds_count', 'status_code=~"5.."'], ['errorRateCritical', 'errorRateWarning']],
    ['OmotenashiGrpcErrorRateHigh', ['grpc_server_handling_seconds_count', 'code=~'], ['errorRateCritical', 'errorRateWarning']],
    ['OmotenashiDbPoolUsageHigh', ['db_pool_connections_total', 'db_pool_connections_idle', 'db_pool_connections_max'], ['dbPoolUsageCritical']],
    ['OmotenashiDbPoolClientsWaiting', ['db_pool_waiting_clients'], []],
    ['OmotenashiDbSlowQueries', ['$pr.slowQueryMetric'], ['slowQueriesPerMinuteWarning']],
    ['OmotenashiQueueBacklogHigh', ['queue_jobs', 'state=~"waiting|prioritized"'], ['queueBacklogCritical', 'queueBacklogWarning']],
    ['OmotenashiCacheHitRateLow', ['cache_hits_total', 'cache_misses_total'], ['cacheHitRateCritical', 'cacheMinReadsPerSecond']],
    ['OmotenashiOutboxLagHigh', ['events_outbox_lag_seconds'], ['outboxLagCriticalSeconds', 'outboxLagWarningSeconds']],
    ['OmotenashiJobSlow', ['job_duration_seconds_bucket', 'queue={{ $queue | quote }}'], []],
    ['OmotenashiConsumerRedeliveries', ['events_consumer_redeliveries_total'], ['redeliveriesPerMinuteWarning']],
  ];
  it.each(alerts)('has %s on the right metrics and thresholds', (name, metrics, keys) => {
    const section = rule.split(`- alert: ${name}\n`)[1]?.split('- alert:')[0];
    expect(section).toBeDefined();
    for (const metric of metrics) expect(section).toContain(metric);
    for (const key of keys) expect(rule).toContain(`$t.${key}`);
  });

  it('watches the processing target of every queue in jobDurationP95Seconds', () => {
    expect(rule).toContain('range $queue, $limit := $pr.jobDurationP95Seconds');
  });

  it('raises critical and warning where the seed has both', () => {
    expect(rule.match(/range \$level := list "critical" "warning"/g)).toHaveLength(4);
    expect(rule).toContain('severity: critical');
    expect(rule).toContain('severity: warning');
  });

  it('names as slow-query metric a counter the database library can expose', () => {
    expect(at(values, 'monitoring.prometheusRule.slowQueryMetric')).toMatch(/^[a-z_]+_total$/);
  });
});

describe('Grafana dashboard', () => {
  const dashboard = JSON.parse(read(chart, 'dashboards', 'omotenashi-overview.json')) as Obj;
  const exprs = (dashboard.panels as Obj[]).flatMap((p) => ((p.targets as Obj[] | undefined) ?? []).map((t) => String(t.expr)));

  it('charts request rate, p50/p95/p99, errors, pool, cache hit rate, queue depth and outbox lag', () => {
    const needs = [
      'rate(http_request_duration_seconds_count',
      'histogram_quantile(0.5,',
      'histogram_quantile(0.95,',
      'histogram_quantile(0.99,',
      'status_code=~"5.."',
      'db_pool_connections_max',
      'db_pool_waiting_clients',
      'cache_hits_total',
      'queue_jobs',
      'events_outbox_lag_seconds',
    ];
    for (const need of needs) expect({ need, found: exprs.some((e) => e.includes(need)) }).toEqual({ need, found: true });
  });

  it('is loaded by the Grafana sidecar from a labelled ConfigMap', () => {
    expect(dashboard.uid).toBe('omotenashi-overview');
    expect(at(values, 'monitoring.grafanaDashboard.labels')).toEqual({ grafana_dashboard: '1' });
    expect(templates['grafana-dashboard.yaml']).toContain('.Files.Get "dashboards/omotenashi-overview.json"');
  });
});

describe('Dockerfile', () => {
  const dockerfile = read(repo, 'Dockerfile');
  const dockerignore = read(repo, '.dockerignore');

  it('builds on node:20-bookworm-slim in stages: npm ci, npm run build, npm prune --omit=dev', () => {
    expect(dockerfile).toContain('ARG NODE_IMAGE=node:20-bookworm-slim');
    for (const step of ['npm ci', 'npm run build', 'npm prune --omit=dev']) expect(dockerfile).toContain(step);
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(3);
  });

  it('runs as uid 10001 with the compiled services and the .proto sources only', () => {
    const runtime = dockerfile.split(/^FROM .* AS runtime$/m)[1];
    expect(runtime).toMatch(/^USER 10001:10001$/m);
    expect(runtime).not.toMatch(/COPY --from=build \/app \./);
    expect(runtime).toContain('COPY --from=build /app/proto ./proto');
  });

  it('leaves installed and built files out of the build context', () => {
    for (const entry of ['**/node_modules', '**/dist', '.git', '.data']) expect(dockerignore.split('\n')).toContain(entry);
  });
});

/** A command on PATH (or named by an env variable), or undefined. */
function tool(name: string, envName: string): string | undefined {
  const explicit = process.env[envName];
  if (explicit) return explicit;
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}
const helm = tool('helm', 'HELM_BIN');
const promtool = tool('promtool', 'PROMTOOL_BIN');
const withHelm = helm ? describe : describe.skip;

withHelm('rendered with helm', () => {
  const run = (args: string[]) => {
    const result = spawnSync(helm as string, args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`helm ${args.join(' ')}:\n${result.stderr}`);
    return result.stdout;
  };
  const render = (...extra: string[]) =>
    (yaml.loadAll(run(['template', 'omotenashi', chart, '--namespace', 'booking', ...extra])) as Obj[]).filter(Boolean);
  let full: Obj[] = [];
  beforeAll(() => {
    full = render('-f', join(chart, 'ci', 'full-values.yaml'));
  });
  const ofKind = (docs: Obj[], kind: string) => docs.filter((d) => d.kind === kind);
  const name = (d: Obj) => String(at(d, 'metadata.name'));

  it('When linted strictly, with the defaults and with every switch on, then helm finds nothing', () => {
    expect(() => run(['lint', '--strict', chart])).not.toThrow();
    expect(() => run(['lint', '--strict', chart, '-f', join(chart, 'ci', 'full-values.yaml')])).not.toThrow();
  });

  it('When a value breaks the schema, then helm refuses to render', () => {
    expect(() => run(['template', 'x', chart, '--set', 'environment=prod'])).toThrow(/environment/);
  });

  it('renders a Deployment, HPA-or-replicas and PDB per role, a Service per server and a migration Job per service', () => {
    const roles = Object.entries(ROLES).flatMap(([svc, rs]) => rs.map((r) => `omotenashi-${svc}-${r}`)).sort();
    expect(ofKind(full, 'Deployment').map(name).sort()).toEqual(roles);
    expect(ofKind(full, 'PodDisruptionBudget').map(name).sort()).toEqual(roles);
    expect(ofKind(full, 'NetworkPolicy').map(name).sort()).toEqual(roles);
    expect(ofKind(full, 'Job').map(name).sort()).toEqual(Object.keys(ROLES).map((s) => `omotenashi-${s}-migrate`).sort());
    const services = ofKind(full, 'Service').map(name);
    for (const svc of Object.keys(ROLES)) expect(services).toContain(`omotenashi-${svc}`);
    for (const kind of ['ConfigMap', 'Secret', 'ServiceAccount', 'Ingress', 'ServiceMonitor', 'PrometheusRule', 'HorizontalPodAutoscaler']) {
      expect({ kind, count: ofKind(full, kind).length > 0 }).toEqual({ kind, count: true });
    }
  });

  it('probes, secures and drains every pod as the contract says', () => {
    const config = ofKind(full, 'ConfigMap').find((c) => name(c) === 'omotenashi-config') as Obj;
    const shutdownMs = Number(at(config, 'data.SHUTDOWN_TIMEOUT_MS'));
    for (const deployment of ofKind(full, 'Deployment')) {
      const [, svc, role] = name(deployment).split('-');
      const pod = at(deployment, 'spec.template.spec') as Obj;
      const container = (pod.containers as Obj[])[0];
      expect(container.args).toEqual([`services/${svc}/dist/start.js`, role]);
      const readiness = container.readinessProbe as Obj;
      if (svc === 'gateway') expect(readiness.httpGet).toEqual({ path: '/readyz', port: 'http' });
      else if (role === 'server') expect(readiness.grpc).toEqual({ port: GRPC_PORTS[svc] });
      else expect(readiness.httpGet).toEqual({ path: '/readyz', port: 'metrics' });
      expect(container.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.terminationGracePeriodSeconds as number).toBeGreaterThanOrEqual(shutdownMs / 1000 + 5);
      expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
      expect(at(container, 'resources.requests.memory')).toBeTruthy();
      expect(at(container, 'resources.limits.memory')).toBeTruthy();
      expect((pod.topologySpreadConstraints as Obj[]).length).toBeGreaterThan(0);
      const envNames = (container.env as Obj[]).map((e) => e.name);
      expect(envNames).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'NATS_URL', svc === 'gateway' ? 'PORT' : 'GRPC_PORT']));
    }
    expect(at(config, 'data.DB_POOL_MIN')).toBe('5'); // ci values run staging
    expect(at(config, 'data.DB_POOL_MAX')).toBe('20');
    expect(at(config, 'data.CATALOG_GRPC_URL')).toBe('omotenashi-catalog:50051');
  });

  it('lets only the callers of a gRPC server reach it', () => {
    const policy = ofKind(full, 'NetworkPolicy').find((p) => name(p) === 'omotenashi-catalog-server') as Obj;
    const grpcRule = (at(policy, 'spec.ingress') as Obj[]).find((r) => JSON.stringify(r.ports).includes('"grpc"')) as Obj;
    const callers = (grpcRule.from as Obj[]).map((peer) => at(peer, 'podSelector.matchLabels') as Obj).map((l) => l['app.kubernetes.io/component']);
    expect(callers.sort()).toEqual(['analytics-worker', 'booking-server', 'booking-worker', 'catalog-worker', 'gateway-server', 'payment-worker'].sort());
  });

  (promtool ? it : it.skip)('fires the alerts as promtool unit tests expect', () => {
    const rendered = render('--set', 'monitoring.prometheusRule.enabled=true');
    const rule = ofKind(rendered, 'PrometheusRule')[0];
    const dir = mkdtempSync(join(tmpdir(), 'omotenashi-rules-'));
    try {
      writeFileSync(join(dir, 'rules.yaml'), yaml.dump({ groups: at(rule, 'spec.groups') }));
      copyFileSync(join(chart, 'ci', 'prometheusrule.test.yaml'), join(dir, 'tests.yaml'));
      const check = spawnSync(promtool as string, ['check', 'rules', join(dir, 'rules.yaml')], { encoding: 'utf8' });
      expect(check.stdout + check.stderr).toContain('SUCCESS');
      const test = spawnSync(promtool as string, ['test', 'rules', join(dir, 'tests.yaml')], { encoding: 'utf8' });
      expect(test.stdout + test.stderr).toContain('SUCCESS');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
