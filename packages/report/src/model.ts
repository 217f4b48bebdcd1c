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
  /** Recorded series (from the generated recording rules) read instead of raw metrics. */
  recordingRules: string[];
  targets: Omit<ReportTargets, 'prometheusUrl'>;
  summary: Summary;
  scorecard: ScoreItem[];
  bottlenecks: Bottlenecks;
  regressions: Regressions;
  /** Agents, test runs and other timed work, each ranked by time (they carry no hook label). */
  work: WorkSection[];
  caches: CacheEfficiency[];
  testSelection: TestSelectionEfficiency[];
  conversations: ProcessTypeHealth[];
  recommendations: Recommendation[];
  /** Things the reader should know about the data (missing baseline, recording rules used, ...). */
  notes: string[];
}

export interface PeriodInfo {
  start: string;
  end: string;
  duration: string;
  /**
   * true: counts are end minus start values (every collector was scraped at both ends), exact;
   * false: increase() over the period, which may miss the first runs of new series.
   */
  exact: boolean;
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
  /** The coding agents that ran it (claude-code, gemini-cli, ...), most runs first; absent for none. */
  agents?: string[];
  trend: Trend;
  /** Validators run inside this hook, largest share first. */
  validators: Component[];
}

/** A part of a hook's or the agents' time, with its own trend. */
export interface Component extends SeriesSummary {
  /** Share of the hook's time (validators), or of all the section's time (agents, test runs). */
  share: number;
  trend: Trend;
}

/** Timed work of one kind (agents, test runs, ...), largest time first. */
export interface WorkSection {
  subject: string;
  title: string;
  totalSeconds: number;
  items: Component[];
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
  | 'frequent_blocks'
  | 'validator_overhead'
  | 'monitoring_overhead'
  | 'cache_hit_ratio'
  | 'test_selection_savings'
  | 'missed_failures'
  | 'slow_responses'
  | 'compression'
  | 'restarts';

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

export interface CacheEfficiency {
  cache: string;
  lookups: number;
  hits: number;
  misses: number;
  errors: number;
  /** hits / lookups. */
  hitRatio?: number;
  baselineHitRatio?: number;
  /** Mean time of timed hits and misses. */
  hitMean?: number;
  missMean?: number;
  /** Time spent in timed misses. */
  missSeconds: number;
  belowTarget: boolean;
}

export interface TestSelectionEfficiency {
  suite: string;
  strategy: string;
  selections: number;
  candidateTests: number;
  selectedTests: number;
  /** selected / candidate tests. */
  selectionRatio?: number;
  /** Estimated full-suite time of the selected runs, and the time selection saved of it. */
  fullSuiteSeconds: number;
  savedSeconds: number;
  /** saved / full-suite seconds: a good selection saves 60-80%. */
  timeReduction?: number;
  /** Time spent choosing tests. */
  selectionSeconds: number;
  /** Failures a later full run found that the selection had left out. */
  missedFailures: number;
}

export interface ProcessTypeHealth {
  processType: string;
  exchanges: number;
  errorRatio?: number;
  p50?: number;
  p95?: number;
  threshold?: { warning: number; critical: number };
  status: 'ok' | 'warning' | 'critical' | 'no_threshold';
  inputTokens: number;
  outputTokens: number;
  compressions: number;
  /** Median share of context tokens a compression removed (1 - after/before). */
  medianSavedRatio?: number;
  savedTokens: number;
  /** Compressions that reported losing critical information. */
  criticalInfoLost: number;
  restarts: number;
  restartsPerHour: number;
  restartSuccessRatio?: number;
}
