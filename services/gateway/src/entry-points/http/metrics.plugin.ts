import { counter, histogram, LATENCY_BUCKETS, METRICS_CONTENT_TYPE, renderMetrics } from '@omotenashi/metrics';
import fp from 'fastify-plugin';

const labelNames = ['method', 'route', 'status_code'] as const;

/** RED metrics per route pattern (never the raw URL: ids would explode the series count), plus GET /metrics. */
export const metricsPlugin = fp(
  async (app) => {
    const duration = histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from receiving an HTTP request to sending its response, by route pattern and status',
      labelNames,
      buckets: LATENCY_BUCKETS,
    });
    const requests = counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by route pattern and status',
      labelNames,
    });
    // Error rate without regex matching on status codes: 4xx (the client's, 429 included) and 5xx (ours).
    const errors = counter({
      name: 'http_request_errors_total',
      help: 'HTTP requests answered with a 4xx or 5xx status, by route pattern and status class',
      labelNames: ['method', 'route', 'status_class'],
    });

    app.addHook('onResponse', (request, reply, done) => {
      const labels = {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      };
      duration.observe(labels, reply.elapsedTime / 1000);
      requests.inc(labels);
      if (reply.statusCode >= 400) {
        errors.inc({ method: labels.method, route: labels.route, status_class: `${Math.floor(reply.statusCode / 100)}xx` });
      }
      done();
    });

    app.get('/metrics', async (_request, reply) => reply.type(METRICS_CONTENT_TYPE).send(await renderMetrics()));
  },
  { name: 'metrics' },
);
