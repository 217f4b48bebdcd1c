import type { MetricDef } from './metric-def.js';

/**
 * Intelligent test selection and the test runs after it: how much of the suite is selected, how
 * much time that saves against the full suite (the target: 60-80% less test time than running it all),
 * and failures the
 * selection missed that a later full run found.
 */

/** Share of the suite selected; 0.2 and 0.4 bound a selection that saves 60-80% of test time. */
export const TEST_SELECTION_RATIO_BUCKETS = [
  0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1,
] as const;
/** Choosing the tests is overhead on every hook: fine below a second. */
export const TEST_SELECTION_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
] as const;
/** Test runs, from a handful of tests inside a hook (30 s budget) to a full suite. */
export const TEST_RUN_DURATION_BUCKETS = [
  0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600,
] as const;

const SELECTION_LABELS = ['suite', 'strategy'] as const;

export const TEST_SELECTION_DURATION_SECONDS: MetricDef = {
  name: 'hookscope_test_selection_duration_seconds',
  type: 'histogram',
  unit: 's',
  help: 'Time spent choosing which tests to run, by suite and selection strategy.',
  labels: SELECTION_LABELS,
  buckets: TEST_SELECTION_DURATION_BUCKETS,
};

export const TEST_SELECTION_CANDIDATE_TESTS: MetricDef = {
  name: 'hookscope_test_selection_candidate_tests_total',
  type: 'counter',
  unit: '{test}',
  help: 'Tests in the suite when a selection was made (what a full run would have run), summed over selections, by suite and strategy.',
  labels: SELECTION_LABELS,
};

export const TEST_SELECTION_SELECTED_TESTS: MetricDef = {
  name: 'hookscope_test_selection_selected_tests_total',
  type: 'counter',
  unit: '{test}',
  help: 'Tests chosen to run, summed over selections, by suite and strategy.',
  labels: SELECTION_LABELS,
};

export const TEST_SELECTION_RATIO: MetricDef = {
  name: 'hookscope_test_selection_ratio',
  type: 'histogram',
  unit: '1',
  help: 'Share of the suite each selection chose to run (selected / total tests), by suite and strategy.',
  labels: SELECTION_LABELS,
  buckets: TEST_SELECTION_RATIO_BUCKETS,
};

export const TEST_SELECTION_FULL_SUITE_SECONDS: MetricDef = {
  name: 'hookscope_test_selection_full_suite_seconds_total',
  type: 'counter',
  unit: 's',
  help: 'Estimated full-suite time of the selected runs that reported an estimate: what running everything would have cost, by suite and strategy.',
  labels: SELECTION_LABELS,
};

export const TEST_SELECTION_SAVED_SECONDS: MetricDef = {
  name: 'hookscope_test_selection_saved_seconds_total',
  type: 'counter',
  unit: 's',
  help: 'Time saved by selected runs: estimated full-suite time minus selection and run time (0 when a selection cost more), by suite and strategy.',
  labels: SELECTION_LABELS,
};

export const TEST_SELECTION_MISSED_FAILURES: MetricDef = {
  name: 'hookscope_test_selection_missed_failures_total',
  type: 'counter',
  unit: '{test}',
  help: 'Failed tests found by a full run that the latest selection of the same suite had left out, by suite and strategy of that selection.',
  labels: SELECTION_LABELS,
};

export const TEST_RUN_DURATION_SECONDS: MetricDef = {
  name: 'hookscope_test_run_duration_seconds',
  type: 'histogram',
  unit: 's',
  help: 'Wall time of test runs, by suite, mode (selected, full) and test.suite.run.status (success, failure, aborted, timed_out).',
  labels: ['suite', 'mode', 'status'],
  buckets: TEST_RUN_DURATION_BUCKETS,
};

export const TEST_RUN_TESTS: MetricDef = {
  name: 'hookscope_test_run_tests_total',
  type: 'counter',
  unit: '{test}',
  help: 'Test results of test runs, by suite, mode (selected, full) and result (passed, failed, skipped).',
  labels: ['suite', 'mode', 'result'],
};

export const TESTING_METRICS: readonly MetricDef[] = [
  TEST_SELECTION_DURATION_SECONDS,
  TEST_SELECTION_CANDIDATE_TESTS,
  TEST_SELECTION_SELECTED_TESTS,
  TEST_SELECTION_RATIO,
  TEST_SELECTION_FULL_SUITE_SECONDS,
  TEST_SELECTION_SAVED_SECONDS,
  TEST_SELECTION_MISSED_FAILURES,
  TEST_RUN_DURATION_SECONDS,
  TEST_RUN_TESTS,
];
