import {
  AGENT_DURATION_SECONDS,
  CACHE_LOOKUP_DURATION_SECONDS,
  CONVERSATION_RESPONSE_SECONDS,
  HOOK_DURATION_SECONDS,
  HOOK_FAILURE_OUTCOMES,
  TEST_RUN_DURATION_SECONDS,
  TEST_SELECTION_DURATION_SECONDS,
  VALIDATION_DURATION_SECONDS,
  type CacheResult,
  type MetricDef,
  type TestSuiteRunStatus,
  type ValidationOutcome,
} from '@hookscope/catalog';
import { records } from '@hookscope/mixin';

/** A validator that finds a problem (`failed`) worked; only `error` is its own failure. */
const VALIDATION_FAILURES: readonly ValidationOutcome[] = ['error'];
/** Failing tests are the suite's news, not the run's failure; a run that did not finish is. */
const TEST_RUN_FAILURES: readonly TestSuiteRunStatus[] = ['aborted', 'timed_out'];
const CACHE_FAILURES: readonly CacheResult[] = ['error'];
/** Outcome values of agent and conversation spans (success, error). */
const ERROR = ['error'] as const;

/**
 * Things the report measures with a duration histogram: each is compared against the baseline
 * (p95 and failure ratio per series) and ranked by the time it takes. `key` are the labels that
 * identify one series; the outcome label, where the metric has one, splits runs into good and
 * failed.
 */
export interface HistogramSubject {
  readonly id: SubjectId;
  /** Singular noun for text: "hook", "validator". */
  readonly noun: string;
  readonly metric: MetricDef;
  readonly key: readonly string[];
  /** The key label that names a series inside its parent (a validator inside its hook). */
  readonly ownLabel?: string;
  readonly outcomeLabel?: string;
  readonly failureValues: readonly string[];
  /**
   * The name of the generated recording rule holding this subject's p95 over a window, by the
   * same labels as `key`: read instead of the raw histogram where Prometheus has it.
   */
  readonly recordedP95?: (window: string) => string;
}

export type SubjectId =
  'hook' | 'validator' | 'agent' | 'test_run' | 'test_selection' | 'cache_lookup' | 'conversation';

export const HOOKS: HistogramSubject = {
  id: 'hook',
  noun: 'hook',
  metric: HOOK_DURATION_SECONDS,
  key: ['hook_event', 'hook_name'],
  outcomeLabel: 'outcome',
  failureValues: HOOK_FAILURE_OUTCOMES,
  recordedP95: (w) => records.hookQuantile(0.95, w),
};

export const VALIDATORS: HistogramSubject = {
  id: 'validator',
  noun: 'validator',
  metric: VALIDATION_DURATION_SECONDS,
  key: ['hook_event', 'hook_name', 'validator'],
  ownLabel: 'validator',
  outcomeLabel: 'outcome',
  failureValues: VALIDATION_FAILURES,
};

export const AGENTS: HistogramSubject = {
  id: 'agent',
  noun: 'agent',
  metric: AGENT_DURATION_SECONDS,
  key: ['agent'],
  outcomeLabel: 'outcome',
  failureValues: ERROR,
  recordedP95: (w) => records.agentQuantile(0.95, w),
};

export const TEST_RUNS: HistogramSubject = {
  id: 'test_run',
  noun: 'test run',
  metric: TEST_RUN_DURATION_SECONDS,
  key: ['suite', 'mode'],
  outcomeLabel: 'status',
  failureValues: TEST_RUN_FAILURES,
};

export const TEST_SELECTIONS: HistogramSubject = {
  id: 'test_selection',
  noun: 'test selection',
  metric: TEST_SELECTION_DURATION_SECONDS,
  key: ['suite', 'strategy'],
  failureValues: [],
};

export const CACHE_LOOKUP_TIMES: HistogramSubject = {
  id: 'cache_lookup',
  noun: 'cache lookup',
  metric: CACHE_LOOKUP_DURATION_SECONDS,
  key: ['cache'],
  outcomeLabel: 'result',
  failureValues: CACHE_FAILURES,
};

export const CONVERSATION_RESPONSES: HistogramSubject = {
  id: 'conversation',
  noun: 'conversation response',
  metric: CONVERSATION_RESPONSE_SECONDS,
  key: ['process_type', 'model'],
  outcomeLabel: 'outcome',
  failureValues: ERROR,
};

export const SUBJECTS: readonly HistogramSubject[] = [
  HOOKS,
  VALIDATORS,
  AGENTS,
  TEST_RUNS,
  TEST_SELECTIONS,
  CACHE_LOOKUP_TIMES,
  CONVERSATION_RESPONSES,
];

/** The labels of every subject must exist on its metric: checked here, once, at load. */
for (const s of SUBJECTS) {
  for (const l of [...s.key, ...(s.outcomeLabel ? [s.outcomeLabel] : [])]) {
    if (!s.metric.labels.includes(l)) throw new Error(`${s.metric.name} has no label ${l}`);
  }
}

/** A display name for one series: its key label values joined with "/". */
export function seriesName(subject: HistogramSubject, labels: Record<string, string>): string {
  return subject.key.map((k) => labels[k] ?? '').join('/');
}

export function seriesKey(keys: readonly string[], labels: Record<string, string>): string {
  return JSON.stringify(keys.map((k) => labels[k] ?? ''));
}
