import type { MetricDef } from './metric-def.js';

/** Caches used by hooks (validator results, dependency graphs, ...): hit rate and lookup cost. */
export const CACHE_LOOKUP_DURATION_BUCKETS = [
  0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
] as const;

export const CACHE_LOOKUPS: MetricDef = {
  name: 'hookscope_cache_lookups_total',
  type: 'counter',
  unit: '{lookup}',
  help: 'Cache lookups, by cache and result (hit, miss, error).',
  labels: ['cache', 'result'],
};

export const CACHE_LOOKUP_DURATION_SECONDS: MetricDef = {
  name: 'hookscope_cache_lookup_duration_seconds',
  type: 'histogram',
  unit: 's',
  help: 'Time of cache lookups whose duration was measured, by cache and result (hit, miss, error).',
  labels: ['cache', 'result'],
  buckets: CACHE_LOOKUP_DURATION_BUCKETS,
};

export const CACHE_LOOKUP_BYTES: MetricDef = {
  name: 'hookscope_cache_lookup_bytes_total',
  type: 'counter',
  unit: 'By',
  help: 'Size of the entries looked up, by cache and result (hit: bytes served from the cache; miss: bytes computed).',
  labels: ['cache', 'result'],
};

export const CACHE_METRICS: readonly MetricDef[] = [
  CACHE_LOOKUPS,
  CACHE_LOOKUP_DURATION_SECONDS,
  CACHE_LOOKUP_BYTES,
];
