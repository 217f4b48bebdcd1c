import {
  ATTR_HOOKSCOPE_KIND,
  ATTR_TEST_FULL_SUITE_ESTIMATE_SECONDS,
  ATTR_TEST_RUN_FAILED,
  ATTR_TEST_RUN_MISSED_FAILURES,
  ATTR_TEST_RUN_MODE,
  ATTR_TEST_RUN_PASSED,
  ATTR_TEST_RUN_SKIPPED,
  ATTR_TEST_SELECTION_SECONDS,
  ATTR_TEST_SELECTION_SELECTED_TESTS,
  ATTR_TEST_SELECTION_STRATEGY,
  ATTR_TEST_SELECTION_TOTAL_TESTS,
  ATTR_TEST_SUITE_NAME,
  ATTR_TEST_SUITE_RUN_STATUS,
  KIND_TEST_RUN,
  KIND_TEST_SELECTION,
  TEST_RUN_DURATION_SECONDS,
  TEST_RUN_MODES,
  TEST_RUN_TESTS,
  TEST_SELECTION_CANDIDATE_TESTS,
  TEST_SELECTION_DURATION_SECONDS,
  TEST_SELECTION_FULL_SUITE_SECONDS,
  TEST_SELECTION_MISSED_FAILURES,
  TEST_SELECTION_RATIO,
  TEST_SELECTION_SAVED_SECONDS,
  TEST_SELECTION_SELECTED_TESTS,
  TEST_SUITE_RUN_STATUSES,
  UNKNOWN_LABEL_VALUE,
} from '@hookscope/catalog';
import type { IngestSpan } from '../otlp-json-decode.js';
import type { MetricStore } from '../metric-store.js';
import type { Deriver } from './types.js';
import { amountOf, isTimed, labelOf } from './span-values.js';

const MODES = new Set<unknown>(TEST_RUN_MODES);
const STATUSES = new Set<unknown>(TEST_SUITE_RUN_STATUSES);
const RESULTS = [
  ['passed', ATTR_TEST_RUN_PASSED],
  ['failed', ATTR_TEST_RUN_FAILED],
  ['skipped', ATTR_TEST_RUN_SKIPPED],
] as const;

/** Test selection and test run spans: selection rate, time saved, results, missed failures. */
export const deriveTesting: Deriver = (span, store) => {
  const kind = span.attributes[ATTR_HOOKSCOPE_KIND];
  if (kind === KIND_TEST_SELECTION) deriveSelection(span, store);
  else if (kind === KIND_TEST_RUN) deriveRun(span, store);
};

function selectionLabels(span: IngestSpan) {
  return {
    suite: labelOf(span, ATTR_TEST_SUITE_NAME),
    strategy: labelOf(span, ATTR_TEST_SELECTION_STRATEGY),
  };
}

function deriveSelection(span: IngestSpan, store: MetricStore): void {
  const labels = selectionLabels(span);
  if (isTimed(span)) store.observe(TEST_SELECTION_DURATION_SECONDS, labels, span.durationSeconds);
  const total = amountOf(span, ATTR_TEST_SELECTION_TOTAL_TESTS);
  const selected = amountOf(span, ATTR_TEST_SELECTION_SELECTED_TESTS);
  if (total !== undefined) store.add(TEST_SELECTION_CANDIDATE_TESTS, labels, total);
  if (selected !== undefined) store.add(TEST_SELECTION_SELECTED_TESTS, labels, selected);
  if (total && selected !== undefined && selected <= total) {
    store.observe(TEST_SELECTION_RATIO, labels, selected / total);
  }
}

function deriveRun(span: IngestSpan, store: MetricStore): void {
  const suite = labelOf(span, ATTR_TEST_SUITE_NAME);
  const rawMode = span.attributes[ATTR_TEST_RUN_MODE];
  const mode = MODES.has(rawMode) ? (rawMode as string) : UNKNOWN_LABEL_VALUE;
  const rawStatus = span.attributes[ATTR_TEST_SUITE_RUN_STATUS];
  const status = STATUSES.has(rawStatus) ? (rawStatus as string) : UNKNOWN_LABEL_VALUE;
  if (isTimed(span)) {
    store.observe(TEST_RUN_DURATION_SECONDS, { suite, mode, status }, span.durationSeconds);
  }
  for (const [result, key] of RESULTS) {
    const n = amountOf(span, key);
    if (n !== undefined) store.add(TEST_RUN_TESTS, { suite, mode, result }, n);
  }
  const labels = selectionLabels(span);
  const estimate = amountOf(span, ATTR_TEST_FULL_SUITE_ESTIMATE_SECONDS);
  if (mode === 'selected' && estimate !== undefined && isTimed(span)) {
    const spent = span.durationSeconds + (amountOf(span, ATTR_TEST_SELECTION_SECONDS) ?? 0);
    store.add(TEST_SELECTION_FULL_SUITE_SECONDS, labels, estimate);
    store.add(TEST_SELECTION_SAVED_SECONDS, labels, Math.max(0, estimate - spent));
  }
  const missed = amountOf(span, ATTR_TEST_RUN_MISSED_FAILURES);
  if (missed !== undefined) store.add(TEST_SELECTION_MISSED_FAILURES, labels, missed);
}
