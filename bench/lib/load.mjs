// Runs one autocannon scenario on loopback and records every response's latency itself, so p95 is exact
// (autocannon's own summary has p90 and p97.5 but no p95).
import autocannon from 'autocannon';
import { summarize } from './stats.mjs';

/**
 * @param {object} o
 * @param {string} o.url          base URL
 * @param {number} o.connections
 * @param {number} o.durationSeconds
 * @param {object[]} [o.requests] autocannon requests (setupRequest may build each request)
 * @param {string} [o.path]
 * @param {(status: number) => boolean} [o.ok] which statuses are not errors (default 2xx)
 */
export async function load({ url, connections, durationSeconds, requests, path = '/', method = 'GET', headers, ok = (s) => s >= 200 && s < 300 }) {
  const latencies = [];
  const statuses = {};
  const instance = autocannon({
    url: new URL(path, url).href,
    method,
    headers,
    connections,
    duration: durationSeconds,
    requests,
    timeout: 10,
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  const result = await instance;
  const responses = latencies.length;
  const failures = result.errors + result.timeouts;
  const bad = Object.entries(statuses).reduce((n, [status, count]) => n + (ok(Number(status)) ? 0 : count), 0);
  const elapsedSeconds = result.duration; // seconds, as autocannon measured it
  return {
    connections,
    durationSeconds: elapsedSeconds,
    requests: responses + failures,
    responses,
    reqPerSec: responses / elapsedSeconds,
    latency: summarize(latencies),
    statuses,
    connectionErrors: result.errors,
    timeouts: result.timeouts,
    errors: bad + failures,
    errorRate: responses + failures ? (bad + failures) / (responses + failures) : NaN,
  };
}
