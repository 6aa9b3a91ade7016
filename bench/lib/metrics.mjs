// What the platform's own metrics say about a scenario: deltas of the servers' duration histograms
// (where a request's time went, hop by hop) and of the cache hit/miss counters.
import { scrape, sumCounter } from './platform.mjs';

/** The booking server's availability-cache hits and misses so far (undefined when the scrape fails). */
export async function cacheCounters(metricsUrl) {
  try {
    const values = await scrape(metricsUrl);
    return { hits: sumCounter(values, 'cache_hits_total', { layer: 'availability' }), misses: sumCounter(values, 'cache_misses_total', { layer: 'availability' }) };
  } catch {
    return undefined;
  }
}

/** Histograms whose delta over a scenario says where a request's time went (gRPC per method, cache loads). */
const TIMED = ['http_request_duration_seconds', 'grpc_server_handling_seconds', 'grpc_client_handling_seconds', 'cache_load_duration_seconds'];

export async function timings(endpoints) {
  // A failed scrape is undefined: the breakdown then leaves that process out rather than count from zero.
  return Promise.all(endpoints.map(async ({ label, url }) => ({ label, values: await scrape(url).catch(() => undefined) })));
}

/** Per process and histogram series: calls per response and mean ms over the scenario, largest total first. */
export function breakdown(before, after, requests) {
  const out = [];
  for (const { label, values } of after) {
    const prior = before.find((b) => b.label === label)?.values;
    if (!values || !prior) continue;
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

/** cache_hits_total / cache_misses_total of every scraped process, by "process layer". */
export async function cacheLayers(endpoints) {
  const out = {};
  for (const { label, values } of await timings(endpoints)) {
    if (!values) continue;
    for (const [key, value] of Object.entries(values)) {
      const match = /^cache_(hits|misses)_total\{.*layer="([^"]+)"/.exec(key);
      if (!match) continue;
      const row = (out[`${label} ${match[2]}`] ??= { hits: 0, misses: 0 });
      row[match[1]] += value;
    }
  }
  return out;
}

export const layerRates = (before, after) =>
  Object.entries(after)
    .map(([layer, a]) => ({ layer, ...hitRate(before[layer] ?? { hits: 0, misses: 0 }, a) }))
    .filter((r) => r.hits + r.misses > 0);

export const hitRate = (before, after) => {
  if (!before || !after) return undefined;
  const hits = after.hits - before.hits;
  const misses = after.misses - before.misses;
  return { hits, misses, rate: hits + misses ? hits / (hits + misses) : NaN };
};
