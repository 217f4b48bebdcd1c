import { HOOK_CPU_SECONDS, HOOK_DURATION_SECONDS, HOOK_MAX_RSS_BYTES } from '@hookscope/catalog';
import { BASE_RATE_WINDOW, type HookscopeConfig } from '@hookscope/config';
import { HOOK_LEVEL, records, uniqueWindows } from '../names.js';
import { histogramSeries, labelsOf, sumRate } from '../promql.js';
import type { RecordingRule, RuleFile } from '../rule-types.js';

// Each metric carries the hook labels, checked against the catalog.
const CPU_BY_HOOK = labelsOf(HOOK_CPU_SECONDS, HOOK_LEVEL);
const RSS_BY_HOOK = labelsOf(HOOK_MAX_RSS_BYTES, HOOK_LEVEL);
const RUNS_BY_HOOK = labelsOf(HOOK_DURATION_SECONDS, HOOK_LEVEL);
const RSS = histogramSeries(HOOK_MAX_RSS_BYTES);
const RUNS = histogramSeries(HOOK_DURATION_SECONDS);

function recordings(w: string): RecordingRule[] {
  return [
    { record: records.hookCpu(w), expr: sumRate(HOOK_CPU_SECONDS.name, CPU_BY_HOOK, w) },
    // Runs measured without CPU (instrumented in-process) count too: a lower bound per run.
    {
      record: records.hookCpuPerRun(w),
      expr: `${sumRate(HOOK_CPU_SECONDS.name, CPU_BY_HOOK, w)}\n/\n${sumRate(RUNS.count, RUNS_BY_HOOK, w)}`,
    },
    {
      record: records.hookMaxRssQuantile(0.95, w),
      expr: `histogram_quantile(0.95, sum by (le, ${RSS_BY_HOOK}) (rate(${RSS.bucket}[${w}])))`,
    },
  ];
}

/** What hooks cost the machine (measured by hookscope exec): CPU and peak memory per hook. */
export function resourceRules(_config: HookscopeConfig): RuleFile {
  return {
    file: 'resources.yml',
    description: 'CPU and peak memory of hook runs, per hook (measured by hookscope exec).',
    groups: [
      {
        name: 'hookscope-resources',
        rules: uniqueWindows([BASE_RATE_WINDOW, '1h']).flatMap(recordings),
      },
    ],
  };
}
