import { CACHE_LOOKUP_DURATION_SECONDS, CACHE_LOOKUPS } from '@hookscope/catalog';
import { BASE_RATE_WINDOW, durationSeconds, type HookscopeConfig } from '@hookscope/config';
import { alert } from '../alert.js';
import { records, uniqueWindows } from '../names.js';
import { histogramSeries, labelsOf, num, selector, shareOf, sumRate } from '../promql.js';
import type { RecordingRule, RuleFile } from '../rule-types.js';

const BY_CACHE = labelsOf(CACHE_LOOKUPS, ['cache']);
const LATENCY = histogramSeries(CACHE_LOOKUP_DURATION_SECONDS);
const LATENCY_BY_CACHE = labelsOf(CACHE_LOOKUP_DURATION_SECONDS, ['cache']);

function recordings(w: string): RecordingRule[] {
  return [
    {
      record: records.cacheHitRatio(w),
      expr: shareOf(
        selector(CACHE_LOOKUPS.name, { result: 'hit' }),
        CACHE_LOOKUPS.name,
        BY_CACHE,
        w,
      ),
    },
    { record: records.cacheLookups(w), expr: sumRate(CACHE_LOOKUPS.name, BY_CACHE, w) },
  ];
}

/** Caches inside hooks: hit ratio, lookups and lookup latency per cache. */
export function cacheRules(config: HookscopeConfig): RuleFile {
  const c = config.caches;
  return {
    file: 'caches.yml',
    description:
      'Caches used by hooks: hit ratio, lookup rate and latency per cache, and a low hit ratio alert.',
    groups: [
      {
        name: 'hookscope-caches',
        rules: [
          ...uniqueWindows([BASE_RATE_WINDOW, c.window]).flatMap(recordings),
          {
            record: records.cacheLookupQuantile(0.95, BASE_RATE_WINDOW),
            expr: `histogram_quantile(0.95, sum by (le, ${LATENCY_BY_CACHE}) (rate(${LATENCY.bucket}[${BASE_RATE_WINDOW}])))`,
          },
          alert(config, {
            name: 'CacheHitRatioLow',
            severity: 'warning',
            expr: `${records.cacheHitRatio(c.window)} < ${num(c.min_hit_ratio)}\nand on (${BY_CACHE})\n${records.cacheLookups(c.window)} * ${durationSeconds(c.window)} >= ${c.min_lookups}`,
            for: c.for,
            summary: 'A cache answers too few lookups.',
            description: `Cache {{ $labels.cache }} answered {{ $value | humanizePercentage }} of its lookups over the last ${c.window} (warning below ${num(c.min_hit_ratio * 100)}%).`,
          }),
        ],
      },
    ],
  };
}
