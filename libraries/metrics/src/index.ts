import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import client from 'prom-client';

/** One registry per process: every library registers here, /metrics serves it. */
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

/** Get-or-create, so several in-process service instances (component tests) share a metric instead of clashing. */
export function counter<L extends string>(config: client.CounterConfiguration<L>): client.Counter<L> {
  return (registry.getSingleMetric(config.name) as client.Counter<L>) ?? new client.Counter({ ...config, registers: [registry] });
}

export function gauge<L extends string>(config: client.GaugeConfiguration<L>): client.Gauge<L> {
  return (registry.getSingleMetric(config.name) as client.Gauge<L>) ?? new client.Gauge({ ...config, registers: [registry] });
}

export function histogram<L extends string>(config: client.HistogramConfiguration<L>): client.Histogram<L> {
  return (
    (registry.getSingleMetric(config.name) as client.Histogram<L>) ?? new client.Histogram({ ...config, registers: [registry] })
  );
}

/** Latency buckets (seconds) dense around the seed's targets: 50 ms … 1 s. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2.5, 5, 10];

export const METRICS_CONTENT_TYPE = registry.contentType;

export async function renderMetrics(): Promise<string> {
  return registry.metrics();
}

export interface ProbeServer {
  port: number;
  close(): Promise<void>;
}

export interface ProbeServerOptions {
  port: number;
  host?: string;
  /** Liveness: the process can make progress. */
  live?: () => boolean;
  /** Readiness: the process can do its job now (dependencies reachable). */
  ready?: () => Promise<boolean>;
}

/** /metrics, /healthz and /readyz for processes that have no HTTP server of their own (gRPC servers, workers). */
export async function startProbeServer(options: ProbeServerOptions): Promise<ProbeServer> {
  const server: Server = createServer((req, res) => {
    const reply = (statusCode: number, contentType: string, body: string) => {
      res.writeHead(statusCode, { 'content-type': contentType });
      res.end(body);
    };
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      renderMetrics().then(
        (body) => reply(200, METRICS_CONTENT_TYPE, body),
        () => reply(500, 'text/plain', 'metrics unavailable'),
      );
    } else if (path === '/healthz') {
      const live = options.live?.() ?? true;
      reply(live ? 200 : 503, 'application/json', JSON.stringify({ status: live ? 'ok' : 'failing' }));
    } else if (path === '/readyz') {
      (options.ready?.() ?? Promise.resolve(true)).then(
        (ready) => reply(ready ? 200 : 503, 'application/json', JSON.stringify({ status: ready ? 'ready' : 'not_ready' })),
        () => reply(503, 'application/json', JSON.stringify({ status: 'not_ready' })),
      );
    } else {
      reply(404, 'application/json', JSON.stringify({ status: 404 }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Sum of the series of one metric whose labels include `labels` (0 when none exist yet). `series`
 * picks a histogram's sub-series such as `…_count`. For tests, benchmarks and health summaries.
 */
export async function metricValue(name: string, labels: Record<string, string> = {}, series = name): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values
    .filter((v) => ((v as { metricName?: string }).metricName ?? name) === series && Object.entries(labels).every(([k, want]) => v.labels[k] === want))
    .reduce((sum, v) => sum + v.value, 0);
}
