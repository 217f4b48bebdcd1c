import { FAILURE_CHANGE_HIGH_Z, FAILURE_CHANGE_MIN_Z } from '../heuristics.js';
import { fmtSeconds, isoTime } from '../format.js';
import type { Change, Regressions, Trend } from '../model.js';
import type { SeriesStats } from '../series-stats.js';
import type { HistogramSubject } from '../subjects.js';

export interface SubjectSides {
  subject: HistogramSubject;
  window: Map<string, SeriesStats>;
  baseline: Map<string, SeriesStats>;
  trends: Map<string, Trend>;
}

/**
 * Every series whose p95 or failure ratio moved beyond the threshold between the baseline and
 * the window, in either direction, when both sides have enough runs to compare.
 */
export function findChanges(
  sides: readonly SubjectSides[],
  threshold: number,
  minExecutions: number,
  baselineAvailable: boolean,
): Regressions {
  const changes: Change[] = [];
  let compared = 0;
  let tooFewRuns = 0;
  for (const { subject, window, baseline, trends } of sides) {
    for (const [key, w] of window) {
      const b = baseline.get(key);
      if (!b || w.count < minExecutions || b.count < minExecutions) {
        tooFewRuns++;
        continue;
      }
      compared++;
      const base = {
        subject: subject.id,
        name: w.name,
        labels: w.labels,
        windowExecutions: w.count,
        baselineExecutions: b.count,
      };
      const p95 = p95Change(w, b, threshold);
      if (p95) {
        const since = sinceWhen(trends.get(key), (v) =>
          beyond(v, b.p95!, threshold, p95.direction),
        );
        changes.push({ ...base, ...p95, ...(since ? { since } : {}) });
      }
      const failure = failureChange(w, b, threshold);
      if (failure) changes.push({ ...base, ...failure });
    }
  }
  changes.sort(
    (a, b) =>
      Number(a.direction === 'improvement') - Number(b.direction === 'improvement') ||
      Number(a.confidence === 'low') - Number(b.confidence === 'low') ||
      Math.abs(b.change ?? Infinity) - Math.abs(a.change ?? Infinity),
  );
  return { threshold, minExecutions, baselineAvailable, compared, tooFewRuns, changes };
}

type Moved = Pick<
  Change,
  'metric' | 'direction' | 'baseline' | 'current' | 'change' | 'confidence' | 'evidence'
>;

function p95Change(w: SeriesStats, b: SeriesStats, threshold: number): Moved | undefined {
  if (w.p95 === undefined || b.p95 === undefined || b.p95 <= 0) return undefined;
  const change = w.p95 / b.p95 - 1;
  if (Math.abs(change) <= threshold) return undefined;
  const direction = change > 0 ? 'regression' : 'improvement';
  const wi = w.p95Interval;
  const bi = b.p95Interval;
  const separate = wi && bi && (direction === 'regression' ? wi.low > bi.high : wi.high < bi.low);
  const range = (i: typeof wi) => (i ? `${fmtSeconds(i.low)}-${fmtSeconds(i.high)}` : 'n/a');
  return {
    metric: 'p95',
    direction,
    baseline: b.p95,
    current: w.p95,
    change,
    confidence: separate ? 'high' : 'low',
    evidence: `~95% interval of p95: window ${range(wi)}, baseline ${range(bi)}`,
  };
}

function failureChange(w: SeriesStats, b: SeriesStats, threshold: number): Moved | undefined {
  const pw = w.failures / w.count;
  const pb = b.failures / b.count;
  if (pw === pb) return undefined;
  const change = pb > 0 ? pw / pb - 1 : undefined;
  if (change !== undefined && Math.abs(change) <= threshold) return undefined;
  // Two-proportion z test: is the difference more than chance at these run counts?
  const pooled = (w.failures + b.failures) / (w.count + b.count);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / w.count + 1 / b.count));
  const z = se > 0 ? (pw - pb) / se : 0;
  if (Math.abs(z) < FAILURE_CHANGE_MIN_Z) return undefined;
  return {
    metric: 'failure_ratio',
    direction: pw > pb ? 'regression' : 'improvement',
    baseline: pb,
    current: pw,
    ...(change !== undefined ? { change } : {}),
    confidence: Math.abs(z) >= FAILURE_CHANGE_HIGH_Z ? 'high' : 'low',
    evidence: `${w.failures} of ${w.count} runs failed in the window, ${b.failures} of ${b.count} in the baseline (z = ${z.toFixed(1)})`,
  };
}

function beyond(v: number, base: number, threshold: number, dir: Change['direction']): boolean {
  return dir === 'regression' ? v > base * (1 + threshold) : v < base * (1 - threshold);
}

/** Start of the run of trend points, up to the window's end, that are all beyond the threshold. */
function sinceWhen(trend: Trend | undefined, isBeyond: (v: number) => boolean): string | undefined {
  const pts = (trend?.points ?? []).filter((p) => p.p95 !== undefined);
  let i = pts.length;
  while (i > 0 && isBeyond(pts[i - 1]!.p95!)) i--;
  if (i === pts.length) return undefined;
  const first = pts[i]!;
  // A point covers the step before it: the change began in that step at the latest.
  const step = pts.length > 1 ? pts[1]!.t - pts[0]!.t : 0;
  return isoTime(first.t - step);
}
