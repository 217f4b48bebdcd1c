import { COLLECTOR_BUILD_INFO, HOST_METRICS, prometheusSeriesNames } from '@hookscope/catalog';
import {
  findBottlenecks,
  hookAgentQueries,
  hookAgents,
  workSection,
} from './analysis/bottlenecks.js';
import { cacheEfficiency, cacheQueries } from './analysis/caches.js';
import { conversationHealth, conversationQueries } from './analysis/conversations.js';
import { hookOverheads, overheadQueries } from './analysis/overhead.js';
import { testSelectionEfficiency, testSelectionQueries } from './analysis/test-selection.js';
import { recommend } from './analysis/recommendations.js';
import { findChanges, type SubjectSides } from './analysis/regressions.js';
import { scorecard } from './analysis/scorecard.js';
import { subjectTrends } from './analysis/trend.js';
import { ReportError } from './errors.js';
import { fmtTime, isoTime } from './format.js';
import type { Period, Periods } from './periods.js';
import { reportPeriods } from './periods.js';
import { PrometheusClient } from './prometheus-client.js';
import { subjectQueries, subjectTrendQueries, type Query } from './queries.js';
import { runQueries, type ProgressListener } from './run-queries.js';
import { mergeStats, subjectStats, type SeriesStats } from './series-stats.js';
import {
  AGENTS,
  CACHE_LOOKUP_TIMES,
  CONVERSATION_RESPONSES,
  HOOKS,
  SUBJECTS,
  TEST_RUNS,
  TEST_SELECTIONS,
  VALIDATORS,
  type HistogramSubject,
  type SubjectId,
} from './subjects.js';
import type { ReportTargets } from './targets.js';
import type { Report, WorkSection } from './model.js';

/** Names of the collector's metrics about itself. */
const COLLECTOR_PREFIX = 'hookscope_collector_';

export interface ReportOptions {
  targets: ReportTargets;
  /** Window length, a duration such as `24h` or `7d`. */
  window: string;
  /** Baseline length (the period right before the window); default regression.baseline. */
  baseline?: string;
  /** Window end, unix seconds (default: now). */
  end?: number;
  /** Per-request time limit for Prometheus. */
  timeoutMs?: number;
  onProgress?: ProgressListener;
  /**
   * A client to reuse (its keep-alive connections, its request statistics); the caller closes
   * it. Default: one made from targets.prometheusUrl for this report.
   */
  client?: PrometheusClient;
  /** Called with the planned queries before they run (the live page links each figure to its PromQL). */
  onPlan?: (plan: readonly Query[]) => void;
}

/**
 * Recorded series (recording rules) the report reads instead of raw metrics: per subject, the
 * p95 recorded at the trend step (`hook:hookscope_hook_duration_seconds:p95_rate1h`).
 */
export type RecordedSources = Partial<Record<SubjectId, string>>;

/** Every query the report runs for these periods: for the catalog check and for running. */
export function planQueries(p: Periods, recorded: RecordedSources = {}): Query[] {
  return [
    ...SUBJECTS.flatMap((s) => [
      ...subjectQueries(s, p),
      ...subjectTrendQueries(s, p, recorded[s.id]),
    ]),
    ...cacheQueries(p),
    ...testSelectionQueries(p),
    ...conversationQueries(p),
    ...overheadQueries(p),
    ...hookAgentQueries(p),
  ];
}

/**
 * Queries Prometheus and builds the report. Throws ReportError when Prometheus cannot be used or
 * holds no hook data for the window; a missing baseline is a note in the report, not an error.
 */
export async function buildReport(opts: ReportOptions): Promise<Report> {
  const t = opts.targets;
  const client =
    opts.client ?? new PrometheusClient(t.prometheusUrl, { timeoutMs: opts.timeoutMs });
  const planned = reportPeriods(
    opts.end ?? Math.floor(Date.now() / 1000),
    opts.window,
    opts.baseline ?? t.regression.baseline,
  );
  let periods: Periods;
  let results;
  let recorded: RecordedSources;
  try {
    const names = await requireData(client, planned);
    periods = await withExactness(client, planned);
    recorded = await recordedSources(client, periods, names);
    const plan = planQueries(periods, recorded);
    opts.onPlan?.(plan);
    results = await runQueries(client, plan, opts.onProgress);
  } finally {
    if (!opts.client) client.close();
  }
  const { window, baseline } = periods;

  const threshold = t.regression.thresholdRatio;
  const sides: SubjectSides[] = SUBJECTS.map((subject) => ({
    subject,
    window: subjectStats(subject, 'window', results),
    baseline: subjectStats(subject, 'baseline', results),
    trends: subjectTrends(subject, results, threshold),
  }));
  const side = (subject: HistogramSubject) => sides.find((s) => s.subject === subject)!;
  const hooks = side(HOOKS).window;
  const validators = side(VALIDATORS).window;

  const baselineRuns = sum(sides.flatMap((s) => [...s.baseline.values()].map((x) => x.count)));
  const baselineAvailable = baselineRuns > 0;
  const notes: string[] = [];
  if (!baselineAvailable) {
    notes.push(
      `No baseline: Prometheus holds no hook runs from ${fmtTime(baseline.start)} to ` +
        `${fmtTime(baseline.end)} (the ${baseline.label} before the window), so regressions were ` +
        'not checked. Use a shorter --baseline, or run the report again once hookscope has collected that much history.',
    );
  }
  const bottlenecks = findBottlenecks(side(HOOKS), side(VALIDATORS), hookAgents(results));
  const work = [
    workSection(side(AGENTS), 'Agents'),
    workSection(side(TEST_RUNS), 'Test runs'),
    workSection(side(TEST_SELECTIONS), 'Test selection (choosing the tests)'),
  ].filter((w): w is WorkSection => w !== undefined);
  const overheads = hookOverheads(results, hooks);
  const caches = cacheEfficiency(results, side(CACHE_LOOKUP_TIMES).window, t);
  const selection = testSelectionEfficiency(results, side(TEST_SELECTIONS).window);
  const conversations = conversationHealth(results, side(CONVERSATION_RESPONSES).window, window, t);
  // Hooks, or only other work (e.g. Claude Code's own telemetry): anything is worth a report.
  const empty = !caches.length && !selection.length && !conversations.length;
  if (empty && sides.every((s) => s.window.size === 0)) throw noRuns(client, window);
  const regressions = findChanges(sides, threshold, t.regression.minExecutions, baselineAvailable);
  const windowStats = new Map<SubjectId, Map<string, SeriesStats>>(
    sides.map((s) => [s.subject.id, s.window]),
  );
  const all = mergeStats('all hooks', hooks.values());
  const { prometheusUrl, ...targets } = t;
  return {
    schemaVersion: 1,
    generatedAt: isoTime(Math.floor(Date.now() / 1000)),
    prometheus: prometheusUrl,
    window: periodInfo(window),
    baseline: { ...periodInfo(baseline), available: baselineAvailable, executions: baselineRuns },
    trendStep: periods.stepRange,
    recordingRules: Object.values(recorded),
    targets,
    summary: {
      hooks: hooks.size,
      executions: all?.count ?? 0,
      hookSeconds: all?.seconds ?? 0,
      failureRatio: all?.failureRatio,
      p95: all?.p95,
    },
    scorecard: scorecard({
      targets: t,
      hooks,
      validators,
      caches,
      selection,
      conversations,
      overheads,
    }),
    bottlenecks,
    regressions,
    work,
    caches,
    testSelection: selection,
    conversations,
    recommendations: recommend({
      targets: t,
      windowSeconds: window.seconds,
      windowRange: window.label,
      baselineRange: baseline.label,
      hooks,
      windowStats,
      bottlenecks,
      regressions,
      validators,
      caches,
      selection,
      conversations,
      overheads,
    }),
    notes,
  };
}

/**
 * The metric names Prometheus has around the report's time range. Fails early, with a message
 * saying what to check, when it has none of hookscope's metrics at all or none in that range.
 */
async function requireData(client: PrometheusClient, p: Periods): Promise<Set<string>> {
  const catalog = prometheusSeriesNames();
  // The collector's and the host's own metrics exist as soon as the collector is scraped, before
  // anything was measured: a fresh stack has them and nothing to report.
  const measured = (n: string) => {
    const def = catalog.get(n);
    return !!def && !HOST_METRICS.includes(def) && !def.name.startsWith(COLLECTOR_PREFIX);
  };
  const known = (names: string[]) => names.filter(measured);
  const names = await client.metricNames(p.baseline.start, p.window.end);
  if (known(names).length > 0) return new Set(names);
  if (known(await client.metricNames(0, p.window.end + 86400 * 365)).length === 0) {
    throw new ReportError(
      `Prometheus at ${client.url} has no hookscope metrics at all: it is not scraping the ` +
        'hookscope collector yet (add the collector to its scrape_configs, e.g. the generated ' +
        'prometheus/prometheus.yml), or no hook has run since.',
      'no_metrics',
    );
  }
  throw noRuns(client, p.window);
}

/**
 * Marks the periods at whose both ends the same collectors were scraped (their build_info has a
 * value there): their counts can be read exactly as end minus start values (see periodGain).
 */
async function withExactness(client: PrometheusClient, p: Periods): Promise<Periods> {
  const collectorsAt = async (time: number) =>
    (
      await client.instant(
        `count by (job, instance) (last_over_time(${COLLECTOR_BUILD_INFO.name}[${p.window.lookback}]))`,
        time,
      )
    )
      .map((s) => `${s.metric['job']}\u0000${s.metric['instance']}`)
      .sort()
      .join('\n');
  const [baselineStart, windowStart, windowEnd] = (await Promise.all(
    [p.baseline.start, p.window.start, p.window.end].map(collectorsAt),
  )) as [string, string, string];
  const exact = (a: string, b: string) => a !== '' && a === b;
  return {
    ...p,
    window: { ...p.window, exact: exact(windowStart, windowEnd) },
    baseline: { ...p.baseline, exact: exact(baselineStart, windowStart) },
  };
}

/**
 * Recording rules that give what a raw query would, at the trend's resolution: used when the
 * generated rules record that window and Prometheus has their series at both ends of the window
 * (rules loaded later, or stopped, would leave a gap where the raw metrics have data).
 */
async function recordedSources(
  client: PrometheusClient,
  p: Periods,
  names: Set<string>,
): Promise<RecordedSources> {
  const out: RecordedSources = {};
  for (const s of SUBJECTS) {
    const rule = s.recordedP95?.(p.stepRange);
    if (!rule || !names.has(rule)) continue;
    const at = async (time: number) => (await client.instant(`count(${rule})`, time)).length > 0;
    if ((await at(p.window.start + p.step)) && (await at(p.window.end))) out[s.id] = rule;
  }
  return out;
}

function noRuns(client: PrometheusClient, window: Period): ReportError {
  return new ReportError(
    `nothing ran between ${fmtTime(window.start)} and ${fmtTime(window.end)}: Prometheus at ` +
      `${client.url} has hookscope data, but none in this ${window.label} window. Pick another ` +
      '--window or --end, or check that the collector is scraped and hooks are instrumented.',
    'no_runs',
  );
}

function periodInfo(p: Period) {
  return { start: isoTime(p.start), end: isoTime(p.end), duration: p.label, exact: !!p.exact };
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
