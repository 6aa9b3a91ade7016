// Runs one autocannon scenario on loopback and records every response's latency itself, so p95 is exact
// (autocannon's own summary has p90 and p97.5 but no p95), per request kind when the requests name one
// in their connection's context (traffic.mjs).
import autocannon from 'autocannon';
import { summarize } from './stats.mjs';

/**
 * @param {object} o
 * @param {string} o.url          base URL
 * @param {number} o.connections
 * @param {number} o.durationSeconds
 * @param {object[]} [o.requests] autocannon requests (setupRequest may build each request)
 * @param {string} [o.path]
 * @param {number} [o.overallRate] requests a second over all connections (autocannon `overallRate`)
 * @param {(status: number, kind?: string) => boolean} [o.ok] which statuses are not errors (default 2xx)
 */
export const is2xx = (status) => status >= 200 && status < 300;

export async function load({ url, connections, durationSeconds, requests, path = '/', method = 'GET', headers, overallRate, ok = is2xx }) {
  const latencies = [];
  const statuses = {};
  const kinds = {};
  const instance = autocannon({
    url: new URL(path, url).href,
    method,
    headers,
    connections,
    duration: durationSeconds,
    requests,
    overallRate,
    timeout: 10,
  });
  instance.on('response', (client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    const kind = client.requestIterator?.context?.kind;
    if (kind) {
      const k = (kinds[kind] ??= { latencies: [], statuses: {} });
      k.latencies.push(responseTime);
      k.statuses[statusCode] = (k.statuses[statusCode] ?? 0) + 1;
    }
  });
  const result = await instance;
  const summary = summarizeRun({ latencies, statuses, kinds, result, connections, ok });
  // The raw samples, for merging staggered runs (mixed.mjs); not enumerable, so not in report.json.
  Object.defineProperty(summary, 'raw', { value: { latencies, kinds }, enumerable: false });
  return summary;
}

/** Req/s, latency percentiles and error rate of one run (or of several merged, see mixed.mjs). */
export function summarizeRun({ latencies, statuses, kinds = {}, result, connections, ok = is2xx }) {
  const responses = latencies.length;
  const failures = result.errors + result.timeouts;
  const bad = (counts, kind) => Object.entries(counts).reduce((n, [status, count]) => n + (ok(Number(status), kind) ? 0 : count), 0);
  const errors = Object.keys(kinds).length ? Object.entries(kinds).reduce((n, [kind, k]) => n + bad(k.statuses, kind), 0) + failures : bad(statuses) + failures;
  const elapsedSeconds = result.duration; // seconds, as autocannon measured it
  return {
    connections,
    durationSeconds: elapsedSeconds,
    requests: responses + failures,
    responses,
    reqPerSec: responses / elapsedSeconds,
    latency: summarize(latencies),
    statuses,
    kinds: Object.fromEntries(
      Object.entries(kinds).map(([kind, k]) => [kind, { responses: k.latencies.length, latency: summarize(k.latencies), statuses: k.statuses, errors: bad(k.statuses, kind) }]),
    ),
    connectionErrors: result.errors,
    timeouts: result.timeouts,
    errors,
    errorRate: responses + failures ? errors / (responses + failures) : NaN,
  };
}
