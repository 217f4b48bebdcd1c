import { fmtChange, fmtCount, fmtPercent, fmtSeconds, fmtTime } from '../format.js';
import type { Change, Report, ScoreItem, Trend, WorkSection } from '../model.js';

/**
 * The report's tables as plain cells, shared by the Markdown and HTML renderers so both say the
 * same thing in the same words.
 */
export interface Table {
  header: string[];
  rows: string[][];
  /** Rows to emphasize (bold in Markdown, marked in HTML). */
  highlight?: boolean[];
}

export const STATUS_TEXT = { pass: 'pass', fail: 'FAIL', no_data: 'no data' } as const;

export function scoreValue(s: ScoreItem): string {
  if (s.value === undefined) return '-';
  return s.unit === 's' ? fmtSeconds(s.value) : fmtPercent(s.value);
}

export function scorecardTable(r: Report): Table {
  return {
    header: ['Status', 'Check', 'Target', 'Value', 'Detail'],
    rows: r.scorecard.map((s) => [
      STATUS_TEXT[s.status],
      s.title,
      s.target,
      scoreValue(s),
      s.detail,
    ]),
  };
}

const SPARKS = '▁▂▃▄▅▆▇█';

/** The p95 trend as Unicode blocks (scaled min..max), for Markdown and tables. */
export function sparkline(trend: Trend): string {
  const vs = trend.points.map((p) => p.p95);
  const known = vs.filter((v): v is number => v !== undefined);
  if (known.length < 2) return '';
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  return vs
    .map((v) =>
      v === undefined ? ' ' : SPARKS[hi > lo ? Math.round(((v - lo) / (hi - lo)) * 7) : 3]!,
    )
    .join('');
}

export function trendText(trend: Trend): string {
  if (trend.direction === 'unknown') return 'n/a';
  return `${trend.direction} (${fmtChange(trend.p95Change)})`;
}

export function bottleneckTable(r: Report): Table {
  // The agent column appears once hooks carry the coding agent that ran them.
  const agents = r.bottlenecks.hooks.some((h) => h.agents?.length);
  const agentCell = (h: { agents?: string[] }) => (agents ? [h.agents?.join(', ') ?? ''] : []);
  const rows = r.bottlenecks.hooks.map((h) => [
    h.flagged ? `${h.name} (bottleneck)` : h.name,
    ...agentCell(h),
    fmtPercent(h.share),
    fmtSeconds(h.seconds),
    fmtCount(h.executions),
    fmtSeconds(h.p50),
    fmtSeconds(h.p95),
    fmtPercent(h.failureRatio),
    trendText(h.trend),
  ]);
  const rest = r.bottlenecks.rest;
  if (rest.hooks > 0) {
    rows.push([
      `${rest.hooks} more hooks`,
      ...agentCell({}),
      fmtPercent(rest.share),
      fmtSeconds(rest.seconds),
      '',
      '',
      '',
      '',
      '',
    ]);
  }
  return {
    header: [
      'Hook',
      ...(agents ? ['Agent'] : []),
      'Share of hook time',
      'Time',
      'Runs',
      'p50',
      'p95',
      'Failed',
      'p95 trend',
    ],
    rows,
    highlight: r.bottlenecks.hooks.map((h) => h.flagged),
  };
}

export function changeValue(c: Change, v: number): string {
  return c.metric === 'p95' ? fmtSeconds(v) : fmtPercent(v);
}

export function changesTable(r: Report): Table {
  return {
    header: [
      '',
      'Series',
      'Metric',
      'Baseline',
      'Window',
      'Change',
      'Runs (window / baseline)',
      'Confidence',
      'Since',
    ],
    highlight: r.regressions.changes.map((c) => c.direction === 'regression'),
    rows: r.regressions.changes.map((c) => [
      c.direction === 'regression' ? 'worse' : 'better',
      `${c.subject === 'hook' ? '' : `${c.subject} `}${c.name}`,
      c.metric === 'p95' ? 'p95' : 'failure ratio',
      changeValue(c, c.baseline),
      changeValue(c, c.current),
      fmtChange(c.change),
      `${fmtCount(c.windowExecutions)} / ${fmtCount(c.baselineExecutions)}`,
      c.confidence,
      c.since ? fmtTime(Date.parse(c.since) / 1000) : '',
    ]),
  };
}

/** The one-line summary under the title. */
export function summaryLine(r: Report): string {
  const s = r.summary;
  if (s.hooks === 0) return 'No hook ran in this window; the other work recorded is below.';
  return (
    `${s.hooks} hooks ran ${fmtCount(s.executions)} times for ${fmtSeconds(s.hookSeconds)} in total; ` +
    `${fmtPercent(s.failureRatio)} failed; p95 ${fmtSeconds(s.p95)}.`
  );
}

export function periodLine(r: Report): string {
  const t = (iso: string) => fmtTime(Date.parse(iso) / 1000);
  const baseline = r.baseline.available
    ? `baseline: the ${r.baseline.duration} before (${t(r.baseline.start)} to ${t(r.baseline.end)})`
    : 'no baseline data';
  return `Window: ${r.window.duration}, ${t(r.window.start)} to ${t(r.window.end)}; ${baseline}.`;
}

export function regressionsIntro(r: Report): string {
  const g = r.regressions;
  if (!g.baselineAvailable) return 'Not checked: there is no baseline data (see the notes).';
  const n = g.changes.filter((c) => c.direction === 'regression').length;
  const m = g.changes.length - n;
  return (
    `${g.compared} series compared (at least ${g.minExecutions} runs on both sides; ${g.tooFewRuns} had too few); ` +
    `threshold ${fmtPercent(g.threshold)}: ${n} regression${n === 1 ? '' : 's'}, ${m} improvement${m === 1 ? '' : 's'}.`
  );
}

export function validatorsTable(r: Report): Table {
  const hooks = r.bottlenecks.hooks.filter((h) => h.validators.length > 0);
  return {
    header: [
      'Hook',
      'Validator',
      'Share of the hook',
      'Time',
      'Runs',
      'p95',
      'Errors',
      'p95 trend',
    ],
    rows: hooks.flatMap((h) =>
      h.validators.map((v) => [
        h.name,
        v.name,
        fmtPercent(v.share),
        fmtSeconds(v.seconds),
        fmtCount(v.executions),
        fmtSeconds(v.p95),
        fmtPercent(v.failureRatio),
        trendText(v.trend),
      ]),
    ),
    highlight: hooks.flatMap((h) =>
      h.validators.map(
        () => h.validators.reduce((a, v) => a + v.share, 0) > r.targets.validationMaxRatio,
      ),
    ),
  };
}

export function workTable(w: WorkSection): Table {
  return {
    header: ['Name', 'Share', 'Time', 'Runs', 'p50', 'p95', 'Failed', 'p95 trend'],
    rows: w.items.map((c) => [
      c.name,
      fmtPercent(c.share),
      fmtSeconds(c.seconds),
      fmtCount(c.executions),
      fmtSeconds(c.p50),
      fmtSeconds(c.p95),
      fmtPercent(c.failureRatio),
      trendText(c.trend),
    ]),
  };
}

export function cachesTable(r: Report): Table {
  return {
    header: [
      'Cache',
      'Hit ratio',
      'Baseline',
      'Lookups',
      'Misses',
      'Errors',
      'Mean hit',
      'Mean miss',
      'Time in misses',
    ],
    rows: r.caches.map((c) => [
      c.cache,
      fmtPercent(c.hitRatio),
      fmtPercent(c.baselineHitRatio),
      fmtCount(c.lookups),
      fmtCount(c.misses),
      fmtCount(c.errors),
      fmtSeconds(c.hitMean),
      fmtSeconds(c.missMean),
      fmtSeconds(c.missSeconds),
    ]),
    highlight: r.caches.map((c) => c.belowTarget),
  };
}

export function selectionTable(r: Report): Table {
  const { min, max } = r.targets.testTimeReduction;
  return {
    header: [
      'Suite',
      'Strategy',
      'Selections',
      'Tests selected',
      'Time saved',
      'Saved',
      'Choosing took',
      'Missed failures',
    ],
    rows: r.testSelection.map((s) => [
      s.suite,
      s.strategy,
      fmtCount(s.selections),
      fmtPercent(s.selectionRatio),
      fmtPercent(s.timeReduction),
      fmtSeconds(s.savedSeconds),
      fmtSeconds(s.selectionSeconds),
      fmtCount(s.missedFailures),
    ]),
    highlight: r.testSelection.map(
      (s) =>
        s.missedFailures > 0 ||
        (s.timeReduction !== undefined && (s.timeReduction < min || s.timeReduction > max)),
    ),
  };
}

export function conversationsTable(r: Report): Table {
  return {
    header: [
      'Process type',
      'Exchanges',
      'p50',
      'p95',
      'Warning / critical',
      'Errors',
      'Tokens in / out',
      'Compressions',
      'Median removed',
      'Critical info lost',
      'Restarts',
      'Restarts ok',
    ],
    rows: r.conversations.map((h) => [
      h.processType,
      fmtCount(h.exchanges),
      fmtSeconds(h.p50),
      fmtSeconds(h.p95),
      h.threshold
        ? `${fmtSeconds(h.threshold.warning)} / ${fmtSeconds(h.threshold.critical)}`
        : '-',
      fmtPercent(h.errorRatio),
      `${fmtCount(h.inputTokens)} / ${fmtCount(h.outputTokens)}`,
      fmtCount(h.compressions),
      fmtPercent(h.medianSavedRatio),
      fmtCount(h.criticalInfoLost),
      `${fmtCount(h.restarts)} (${h.restartsPerHour.toFixed(2)}/h)`,
      fmtPercent(h.restartSuccessRatio),
    ]),
    highlight: r.conversations.map((h) => h.status === 'warning' || h.status === 'critical'),
  };
}

/** Where the numbers come from: raw metrics, and which recording rules were read instead. */
export function sourcesLine(r: Report): string {
  const rules = r.recordingRules.length
    ? `; recording rules read instead of raw metrics: ${r.recordingRules.join(', ')}`
    : '; raw metrics only (no generated recording rule covers this window at its resolution)';
  return `Generated by hookscope report at ${r.generatedAt} from Prometheus ${r.prometheus}${rules}.`;
}
