// Percentiles and formatting shared by the scenarios and the report.

/** Nearest-rank percentile of an ascending array (q in 0..1). */
export function percentile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** { p50, p95, p99, max, mean } in ms of unsorted latencies in ms. */
export function summarize(latenciesMs) {
  const sorted = Float64Array.from(latenciesMs).sort();
  const mean = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : NaN;
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] ?? NaN, mean };
}

export const fmt = (value, digits = 1) => (value === undefined || value === null || Number.isNaN(value) ? '—' : Number(value).toFixed(digits));
export const pct = (value, digits = 2) => (value === undefined || Number.isNaN(value) ? '—' : `${(value * 100).toFixed(digits)} %`);
export const mib = (kib) => (kib === undefined ? '—' : `${(kib / 1024).toFixed(0)} MiB`);
