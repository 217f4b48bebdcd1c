import {
  TEST_SELECTION_CANDIDATE_TESTS,
  TEST_SELECTION_FULL_SUITE_SECONDS,
  TEST_SELECTION_MISSED_FAILURES,
  TEST_SELECTION_RATIO,
  TEST_SELECTION_SAVED_SECONDS,
  TEST_SELECTION_SELECTED_TESTS,
} from '@hookscope/catalog';
import { durationSeconds, type HookscopeConfig } from '@hookscope/config';
import { alert } from '../alert.js';
import { records, uniqueWindows } from '../names.js';
import { histogramSeries, labelsOf, num, sumRate } from '../promql.js';
import type { RecordingRule, RuleFile } from '../rule-types.js';

const LEVEL = ['suite', 'strategy'] as const;
// Every selection metric carries suite and strategy: ratios of two of them match label for label.
const BY = [
  TEST_SELECTION_SELECTED_TESTS,
  TEST_SELECTION_CANDIDATE_TESTS,
  TEST_SELECTION_FULL_SUITE_SECONDS,
  TEST_SELECTION_SAVED_SECONDS,
  TEST_SELECTION_MISSED_FAILURES,
  TEST_SELECTION_RATIO,
]
  .map((def) => labelsOf(def, LEVEL))
  .at(-1)!;
const SELECTIONS = histogramSeries(TEST_SELECTION_RATIO).count;

function recordings(w: string): RecordingRule[] {
  return [
    {
      record: records.selectionSelectedRatio(w),
      expr: `${sumRate(TEST_SELECTION_SELECTED_TESTS.name, BY, w)}\n/\n${sumRate(TEST_SELECTION_CANDIDATE_TESTS.name, BY, w)}`,
    },
    {
      record: records.selectionSavedRatio(w),
      expr: `${sumRate(TEST_SELECTION_SAVED_SECONDS.name, BY, w)}\n/\n${sumRate(TEST_SELECTION_FULL_SUITE_SECONDS.name, BY, w)}`,
    },
    {
      record: records.selectionSavedSeconds(w),
      expr: sumRate(TEST_SELECTION_SAVED_SECONDS.name, BY, w),
    },
    { record: records.selections(w), expr: sumRate(SELECTIONS, BY, w) },
  ];
}

/** Intelligent test selection: how much of the suite it runs, the time it saves, what it misses. */
export function testingRules(config: HookscopeConfig): RuleFile {
  const t = config.testing;
  const w = t.window;
  const target = num(t.time_reduction_ratio.min * 100);
  return {
    file: 'testing.yml',
    description:
      'Test selection: share of the suite selected, share of full-suite time saved, missed failures.',
    groups: [
      {
        name: 'hookscope-testing',
        rules: [
          ...uniqueWindows(['1h', w]).flatMap(recordings),
          alert(config, {
            name: 'TestSelectionSavingsLow',
            severity: 'warning',
            expr: `${records.selectionSavedRatio(w)} < ${num(t.time_reduction_ratio.min)}\nand on (${BY})\n${records.selections(w)} * ${durationSeconds(w)} >= ${config.alerts.min_executions}`,
            for: t.for,
            summary: 'Test selection saves less test time than its target.',
            description: `Test selection ({{ $labels.strategy }}) of suite {{ $labels.suite }} saved {{ $value | humanizePercentage }} of full-suite time over the last ${w} (target at least ${target}%).`,
          }),
          alert(config, {
            name: 'TestSelectionMissedFailures',
            severity: 'warning',
            expr: `sum by (${BY}) (increase(${TEST_SELECTION_MISSED_FAILURES.name}[${w}])) > 0`,
            summary: 'Test selection left out tests that fail.',
            description: `A full run of suite {{ $labels.suite }} found {{ $value | printf "%.0f" }} failing tests that the {{ $labels.strategy }} selection had left out, over the last ${w}.`,
          }),
        ],
      },
    ],
  };
}
