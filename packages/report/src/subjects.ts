import { HOOK_DURATION_SECONDS, type MetricDef } from '@hookscope/catalog';

/** TODO(issue 5): import HOOK_FAILURE_OUTCOMES from @hookscope/catalog once it lands on main. */
const HOOK_FAILURE_OUTCOMES = ['error', 'timeout', 'signal'] as const;

/**
 * Things the report measures with a duration histogram: each is compared against the baseline
 * (p95 and failure ratio per series) and ranked by the time it takes. `key` are the labels that
 * identify one series; the outcome label splits runs into good and failed.
 */
export interface HistogramSubject {
  readonly id: SubjectId;
  /** Singular noun for text: "hook", "validator". */
  readonly noun: string;
  readonly metric: MetricDef;
  readonly key: readonly string[];
  readonly outcomeLabel: string;
  readonly failureValues: readonly string[];
}

export type SubjectId = 'hook';

export const HOOKS: HistogramSubject = {
  id: 'hook',
  noun: 'hook',
  metric: HOOK_DURATION_SECONDS,
  key: ['hook_event', 'hook_name'],
  outcomeLabel: 'outcome',
  failureValues: HOOK_FAILURE_OUTCOMES,
};

export const SUBJECTS: readonly HistogramSubject[] = [HOOKS];

/** The labels of every subject must exist on its metric: checked here, once, at load. */
for (const s of SUBJECTS) {
  for (const l of [...s.key, s.outcomeLabel]) {
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
