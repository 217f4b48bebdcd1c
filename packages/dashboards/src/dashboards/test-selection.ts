import { DASHBOARD_UIDS } from '@hookscope/mixin';
import {
  CACHE_LOOKUP_BYTES,
  CACHE_LOOKUP_DURATION_SECONDS,
  CACHE_LOOKUPS,
  TEST_RUN_DURATION_SECONDS,
  TEST_RUN_TESTS,
  TEST_SELECTION_CANDIDATE_TESTS,
  TEST_SELECTION_DURATION_SECONDS,
  TEST_SELECTION_FULL_SUITE_SECONDS,
  TEST_SELECTION_MISSED_FAILURES,
  TEST_SELECTION_SAVED_SECONDS,
  TEST_SELECTION_SELECTED_TESTS,
} from '@hookscope/catalog';
import type { HookscopeConfig } from '@hookscope/config';
import type { DashboardDef } from '../dashboard.js';
import { runbookLink } from '../links.js';
import { statPanel, timeSeries, type Step, maxSteps, minSteps } from '../panels.js';
import { perHour, plain, quantile, ratio, sumRate, zeroWhileScraped } from '../promql.js';

const SUITE = ['suite', 'strategy'];

/** Whether intelligent test selection saves what it promises without missing failures; caches. */
export function testing(config: HookscopeConfig): DashboardDef {
  const target = config.testing.time_reduction_ratio;
  const savingSteps: Step[] = [
    { value: null, color: 'red' },
    { value: target.min, color: 'green' },
    { value: target.max, color: 'blue' },
  ];
  const hitSteps: Step[] = minSteps(config.caches.min_hit_ratio);
  const saved = (labels: string[]) =>
    ratio(
      sumRate(plain(TEST_SELECTION_SAVED_SECONDS), labels),
      sumRate(plain(TEST_SELECTION_FULL_SUITE_SECONDS), labels),
    );
  const selected = (labels: string[]) =>
    ratio(
      sumRate(plain(TEST_SELECTION_SELECTED_TESTS), labels),
      sumRate(plain(TEST_SELECTION_CANDIDATE_TESTS), labels),
    );
  const hitRatio = (labels: string[]) =>
    ratio(
      sumRate(plain(CACHE_LOOKUPS), labels, { result: 'hit' }),
      sumRate(plain(CACHE_LOOKUPS), labels),
    );
  return {
    uid: DASHBOARD_UIDS.testing,
    file: 'testing.json',
    title: 'hookscope / Testing',
    description: `Intelligent test selection (target: ${target.min * 100}-${target.max * 100}% less test time than the full suite, no missed failures) and the caches hooks use.`,
    rows: [
      {
        title: 'Test selection',
        panels: [
          statPanel({
            title: 'Test time saved',
            links: [runbookLink(config, 'TestSelectionSavingsLow')],
            description: `Time saved by running the selected tests instead of the full suite, as a share of the full suite’s time. Target ${target.min * 100}-${target.max * 100}% (testing.time_reduction_ratio); blue above the range: check missed failures.`,
            unit: 'percentunit',
            decimals: 1,
            steps: savingSteps,
            queries: [{ expr: saved([]) }],
          }),
          statPanel({
            title: 'Tests selected',
            description: 'Share of the suite’s tests that selections chose to run.',
            unit: 'percentunit',
            decimals: 1,
            queries: [{ expr: selected([]) }],
          }),
          statPanel({
            title: 'Missed failures',
            links: [runbookLink(config, 'TestSelectionMissedFailures')],
            description:
              'Failed tests per hour that a later full run found and the selection had left out: the price of selection. Should be zero.',
            unit: 'suffix: /h',
            steps: maxSteps(1e-9),
            queries: [
              { expr: zeroWhileScraped(perHour(sumRate(plain(TEST_SELECTION_MISSED_FAILURES)))) },
            ],
          }),
          statPanel({
            title: 'Selection time p95',
            description:
              'How long choosing the tests takes (95th percentile): part of the cost of selection.',
            unit: 's',
            queries: [{ expr: quantile(0.95, TEST_SELECTION_DURATION_SECONDS) }],
          }),
          timeSeries({
            title: 'Time saved by suite',
            description: `Share of full-suite time saved, per suite and strategy; the dashed lines are the ${target.min * 100}% and ${target.max * 100}% target range.`,
            unit: 'percentunit',
            thresholdLines: true,
            steps: savingSteps,
            queries: [{ expr: saved(SUITE), legend: '{{suite}} {{strategy}}' }],
          }),
          timeSeries({
            title: 'Selection ratio by suite',
            description: 'Share of each suite’s tests chosen to run, per strategy.',
            unit: 'percentunit',
            queries: [{ expr: selected(SUITE), legend: '{{suite}} {{strategy}}' }],
          }),
          timeSeries({
            title: 'Test run duration: selected vs full',
            description:
              '95th percentile wall time of test runs by suite and mode: the gap between `selected` and `full` is what selection buys.',
            unit: 's',
            queries: [
              {
                expr: quantile(0.95, TEST_RUN_DURATION_SECONDS, ['suite', 'mode']),
                legend: '{{suite}} {{mode}}',
              },
            ],
          }),
          timeSeries({
            title: 'Missed failures by suite',
            description:
              'Failures per hour found by full runs among tests the selection left out, by suite and strategy.',
            unit: 'suffix: /h',
            queries: [
              {
                expr: zeroWhileScraped(
                  perHour(sumRate(plain(TEST_SELECTION_MISSED_FAILURES), SUITE)),
                ),
                legend: '{{suite}} {{strategy}}',
              },
            ],
          }),
          timeSeries({
            title: 'Test results',
            description:
              'Test results per second by suite, mode and result (passed, failed, skipped).',
            unit: 'ops',
            stack: true,
            width: 24,
            queries: [
              {
                expr: sumRate(plain(TEST_RUN_TESTS), ['suite', 'mode', 'result']),
                legend: '{{suite}} {{mode}} {{result}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Caches',
        panels: [
          statPanel({
            title: 'Cache hit ratio',
            links: [runbookLink(config, 'CacheHitRatioLow')],
            description: `Share of cache lookups answered from the cache, all caches. Red below ${config.caches.min_hit_ratio} (caches.min_hit_ratio).`,
            unit: 'percentunit',
            decimals: 1,
            steps: hitSteps,
            queries: [{ expr: hitRatio([]) }],
          }),
          timeSeries({
            title: 'Hit ratio by cache',
            description: `Share of lookups that hit, per cache; the dashed line is the ${config.caches.min_hit_ratio} minimum.`,
            unit: 'percentunit',
            width: 18,
            thresholdLines: true,
            steps: hitSteps,
            queries: [{ expr: hitRatio(['cache']), legend: '{{cache}}' }],
          }),
          timeSeries({
            title: 'Cache lookups',
            description: 'Lookups per second by cache and result (hit, miss, error).',
            unit: 'ops',
            stack: true,
            queries: [
              {
                expr: sumRate(plain(CACHE_LOOKUPS), ['cache', 'result']),
                legend: '{{cache}} {{result}}',
              },
            ],
          }),
          timeSeries({
            title: 'Lookup latency p95',
            description:
              '95th percentile lookup time by cache and result: a hit must be much cheaper than the miss it saves.',
            unit: 's',
            queries: [
              {
                expr: quantile(0.95, CACHE_LOOKUP_DURATION_SECONDS, ['cache', 'result']),
                legend: '{{cache}} {{result}}',
              },
            ],
          }),
          timeSeries({
            title: 'Bytes served and computed',
            description:
              'Bytes per second of entries served from the cache (hit) and computed on a miss, by cache.',
            unit: 'Bps',
            width: 24,
            queries: [
              {
                expr: sumRate(plain(CACHE_LOOKUP_BYTES), ['cache', 'result']),
                legend: '{{cache}} {{result}}',
              },
            ],
          }),
        ],
      },
    ],
  };
}
