import { fmtCount, fmtPercent, fmtSeconds } from '../format.js';
import type { ScoreItem } from '../model.js';
import type { SeriesStats } from '../series-stats.js';
import type { ReportTargets } from '../targets.js';

/** Pass/fail against the configured targets, each with the number it is judged on. */
export function scorecard(hooks: Map<string, SeriesStats>, t: ReportTargets): ScoreItem[] {
  const list = [...hooks.values()];
  return [hookP95(list, t), hookSuccess(list, t), monitoringOverhead(t)];
}

function hookP95(list: SeriesStats[], t: ReportTargets): ScoreItem {
  const base = {
    id: 'hook_p95',
    title: 'Hook execution time',
    target: `p95 under ${fmtSeconds(t.hookBudgetSeconds)} for every hook`,
    unit: 's' as const,
  };
  const judged = list.filter((s) => s.p95 !== undefined);
  if (judged.length === 0) return { ...base, status: 'no_data', detail: 'no hook ran' };
  const worst = judged.reduce((a, b) => (b.p95! > a.p95! ? b : a));
  const over = judged.filter((s) => s.p95! > t.hookBudgetSeconds);
  return {
    ...base,
    value: worst.p95!,
    status: over.length ? 'fail' : 'pass',
    detail: over.length
      ? `${over.length} of ${judged.length} hooks over budget: ${over.map((s) => `${s.name} ${fmtSeconds(s.p95)}`).join(', ')}`
      : `slowest: ${worst.name} ${fmtSeconds(worst.p95)} (${judged.length} hooks)`,
  };
}

function hookSuccess(list: SeriesStats[], t: ReportTargets): ScoreItem {
  const base = {
    id: 'hook_success_ratio',
    title: 'Hook success ratio',
    target: `at least ${fmtPercent(t.successRatioMin)} of runs succeed (or block) for every hook`,
    unit: 'ratio' as const,
  };
  if (list.length === 0) return { ...base, status: 'no_data', detail: 'no hook ran' };
  const ratio = (s: SeriesStats) => 1 - (s.failureRatio ?? 0);
  const worst = list.reduce((a, b) => (ratio(b) < ratio(a) ? b : a));
  const below = list.filter((s) => ratio(s) < t.successRatioMin);
  const runs = list.reduce((a, s) => a + s.count, 0);
  const failed = list.reduce((a, s) => a + s.failures, 0);
  return {
    ...base,
    value: ratio(worst),
    status: below.length ? 'fail' : 'pass',
    detail:
      (below.length
        ? `below target: ${below.map((s) => `${s.name} ${fmtPercent(ratio(s))}`).join(', ')}`
        : `lowest: ${worst.name} ${fmtPercent(ratio(worst))}`) +
      `; all hooks: ${fmtPercent(runs ? 1 - failed / runs : undefined)} of ${fmtCount(runs)} runs`,
  };
}

/** No catalog metric measures the time hookscope itself adds to hooks yet: say so. */
function monitoringOverhead(t: ReportTargets): ScoreItem {
  return {
    id: 'monitoring_overhead',
    title: 'Monitoring overhead',
    target: `under ${fmtPercent(t.monitoringMaxRatio)} of hook time`,
    unit: 'ratio',
    status: 'no_data',
    detail:
      'not measured: no metric in the catalog records the time hookscope adds to a hook (see docs/performance.md for the benchmark)',
  };
}
