import type { Trend, TrendPoint } from '../model.js';
import type { QueryResults } from '../run-queries.js';
import { subjectTrendIds } from '../queries.js';
import { seriesKey, type HistogramSubject } from '../subjects.js';

/** Per-series trends of a subject over the window, keyed by seriesKey. */
export function subjectTrends(
  s: HistogramSubject,
  results: QueryResults,
  threshold: number,
): Map<string, Trend> {
  const ids = subjectTrendIds(s);
  const points = new Map<string, Map<number, TrendPoint>>();
  const point = (labels: Record<string, string>, t: number): TrendPoint => {
    const key = seriesKey(s.key, labels);
    let byT = points.get(key);
    if (!byT) points.set(key, (byT = new Map()));
    let p = byT.get(t);
    if (!p) byT.set(t, (p = { t, seconds: 0 }));
    return p;
  };
  for (const series of results.range(ids.seconds)) {
    for (const [t, v] of series.points) if (Number.isFinite(v)) point(series.metric, t).seconds = v;
  }
  for (const series of results.range(ids.p95)) {
    for (const [t, v] of series.points) if (Number.isFinite(v)) point(series.metric, t).p95 = v;
  }
  const out = new Map<string, Trend>();
  for (const [key, byT] of points) {
    const list = [...byT.values()].sort((a, b) => a.t - b.t);
    out.set(key, trendOf(list, threshold));
  }
  return out;
}

/**
 * The p95 trend: a least-squares line through the points with a p95, as the relative change it
 * makes across the window. Rising or falling when that change is beyond the regression threshold.
 */
export function trendOf(points: TrendPoint[], threshold: number): Trend {
  const xy = points.filter((p) => p.p95 !== undefined).map((p) => [p.t, p.p95!] as const);
  if (xy.length < 3) return { points, direction: 'unknown' };
  const n = xy.length;
  const mx = xy.reduce((a, [x]) => a + x, 0) / n;
  const my = xy.reduce((a, [, y]) => a + y, 0) / n;
  const sxx = xy.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  const sxy = xy.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  if (my <= 0 || sxx === 0) return { points, direction: 'unknown' };
  const slope = sxy / sxx;
  const first = my + slope * (xy[0]![0] - mx);
  const last = my + slope * (xy[n - 1]![0] - mx);
  const p95Change = (last - first) / my;
  const direction = p95Change > threshold ? 'rising' : p95Change < -threshold ? 'falling' : 'flat';
  return { points, p95Change, direction };
}

/** A blank trend for series without trend data. */
export const NO_TREND: Trend = { points: [], direction: 'unknown' };
