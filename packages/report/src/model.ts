import type { ReportTargets } from './targets.js';

/**
 * The report as data: what `--format json` prints and what the Markdown and HTML renderers read.
 * Times are unix seconds in `t` fields and RFC 3339 strings elsewhere; durations in seconds;
 * shares and ratios in 0..1. Fields are absent (JSON) rather than made up when there is no data.
 */
export interface Report {
  /** Bumped when a field changes meaning. */
  schemaVersion: 1;
  generatedAt: string;
  prometheus: string;
  window: PeriodInfo;
  baseline: PeriodInfo & { available: boolean; executions: number };
  /** Resolution of the trends (seconds per point). */
  trendStep: string;
  targets: Omit<ReportTargets, 'prometheusUrl'>;
  summary: Summary;
  scorecard: ScoreItem[];
  bottlenecks: Bottlenecks;
  regressions: Regressions;
  recommendations: Recommendation[];
  /** Things the reader should know about the data (missing baseline, recording rules used, ...). */
  notes: string[];
}

export interface PeriodInfo {
  start: string;
  end: string;
  duration: string;
}

export interface Summary {
  hooks: number;
  executions: number;
  hookSeconds: number;
  failureRatio?: number;
  p95?: number;
}

export type ScoreStatus = 'pass' | 'fail' | 'no_data';

export interface ScoreItem {
  id: string;
  title: string;
  /** The target in words, with its number: "p95 <= 30 s for every hook". */
  target: string;
  value?: number;
  unit: 's' | 'ratio';
  status: ScoreStatus;
  /** What the value is, and what failed: "worst: Stop/full-check 24.1 s". */
  detail: string;
}

/** Statistics of one series over the window. */
export interface SeriesSummary {
  name: string;
  labels: Record<string, string>;
  executions: number;
  seconds: number;
  failureRatio?: number;
  outcomes: Record<string, number>;
  mean?: number;
  p50?: number;
  p95?: number;
  p99?: number;
}

export interface TrendPoint {
  /** End of the step, unix seconds. */
  t: number;
  p95?: number;
  /** Time spent in the step. */
  seconds: number;
}

export type TrendDirection = 'rising' | 'falling' | 'flat' | 'unknown';

export interface Trend {
  points: TrendPoint[];
  /** Relative change of p95 across the window, from a least-squares line (0.5 = +50%). */
  p95Change?: number;
  direction: TrendDirection;
}

export interface HookBottleneck extends SeriesSummary {
  /** Share of all hook time in the window. */
  share: number;
  /** Whether this hook dominates hook time (see BOTTLENECK_MIN_SHARE). */
  flagged: boolean;
  trend: Trend;
}

export interface Bottlenecks {
  totalSeconds: number;
  /** The hooks taking the most time, largest first. */
  hooks: HookBottleneck[];
  /** Hooks not listed, together. */
  rest: { hooks: number; seconds: number; share: number };
}

export type ChangeMetric = 'p95' | 'failure_ratio';

export interface Change {
  subject: string;
  name: string;
  labels: Record<string, string>;
  metric: ChangeMetric;
  direction: 'regression' | 'improvement';
  baseline: number;
  current: number;
  /** Relative change (current / baseline - 1); absent when the baseline is 0. */
  change?: number;
  windowExecutions: number;
  baselineExecutions: number;
  /**
   * high: the ~95% intervals of the two p95s do not overlap, or the failure-ratio change has a
   * two-proportion z of 3 or more; low: the move is beyond the threshold but could be noise.
   */
  confidence: 'high' | 'low';
  /** For p95: the ~95% intervals of both sides. For failure ratios: the z score. */
  evidence: string;
  /** First trend point from which the window stayed beyond the threshold. */
  since?: string;
}

export interface Regressions {
  threshold: number;
  minExecutions: number;
  baselineAvailable: boolean;
  /** Series with enough runs on both sides to compare. */
  compared: number;
  /** Series with runs in the window but too few on one side. */
  tooFewRuns: number;
  changes: Change[];
}

export type RecommendationKind =
  | 'bottleneck'
  | 'over_budget'
  | 'regression'
  | 'failure_regression'
  | 'low_success'
  | 'frequent_blocks';

export interface Recommendation {
  kind: RecommendationKind;
  severity: 'critical' | 'warning' | 'info';
  subject: string;
  /** One sentence: what to do about what. */
  title: string;
  /** Why, with the numbers it follows from. */
  text: string;
  /** The numbers cited, by name. */
  evidence: Record<string, number | string>;
}
