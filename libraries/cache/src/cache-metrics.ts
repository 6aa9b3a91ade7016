import { counter, histogram, LATENCY_BUCKETS } from '@omotenashi/metrics';

type Labels = 'service' | 'layer';

export const cacheMetrics = {
  hits: counter<Labels>({ name: 'cache_hits_total', help: 'Cache reads answered without calling the loader', labelNames: ['service', 'layer'] }),
  misses: counter<Labels>({ name: 'cache_misses_total', help: 'Cache reads that called the loader', labelNames: ['service', 'layer'] }),
  errors: counter<Labels>({
    name: 'cache_errors_total',
    help: 'Redis failures the cache fell back from (served by the loader or skipped)',
    labelNames: ['service', 'layer'],
  }),
  loadDuration: histogram<Labels>({
    name: 'cache_load_duration_seconds',
    help: 'Time the loader took to produce a value on a miss',
    labelNames: ['service', 'layer'],
    buckets: LATENCY_BUCKETS,
  }),
};
