import { fmtCount, fmtPercent, fmtSeconds } from '../format.js';
import type {
  CacheEfficiency,
  ProcessTypeHealth,
  ScoreItem,
  TestSelectionEfficiency,
} from '../model.js';
import type { SeriesStats } from '../series-stats.js';
import type { ReportTargets } from '../targets.js';
import type { HookOverhead } from './overhead.js';
import { validationShares } from './validation-shares.js';

export interface ScorecardInput {
  targets: ReportTargets;
  hooks: Map<string, SeriesStats>;
  validators: Map<string, SeriesStats>;
  caches: CacheEfficiency[];
  selection: TestSelectionEfficiency[];
  conversations: ProcessTypeHealth[];
  overheads: HookOverhead[];
}

/** Pass/fail against the configured targets, each with the number it is judged on. */
export function scorecard(i: ScorecardInput): ScoreItem[] {
  const hooks = [...i.hooks.values()];
  const t = i.targets;
  return [
    hookP95(hooks, t),
    hookSuccess(hooks, t),
    validationOverhead(i),
    monitoringOverhead(i),
    testTimeReduction(i.selection, t),
    cacheHitRatio(i.caches, t),
    responseTime(i.conversations),
    compression(i.conversations, t),
    restarts(i.conversations, t),
  ];
}

type Base = Pick<ScoreItem, 'id' | 'title' | 'target' | 'unit'>;
const noData = (base: Base, detail: string): ScoreItem => ({ ...base, status: 'no_data', detail });
const list = <T>(items: T[], f: (x: T) => string) => items.map(f).join(', ');

function hookP95(hooks: SeriesStats[], t: ReportTargets): ScoreItem {
  const base: Base = {
    id: 'hook_p95',
    title: 'Hook execution time',
    target: `p95 under ${fmtSeconds(t.hookBudgetSeconds)} for every hook`,
    unit: 's',
  };
  const judged = hooks.filter((s) => s.p95 !== undefined);
  if (judged.length === 0) return noData(base, 'no hook ran');
  const worst = judged.reduce((a, b) => (b.p95! > a.p95! ? b : a));
  const over = judged.filter((s) => s.p95! > t.hookBudgetSeconds);
  return {
    ...base,
    value: worst.p95!,
    status: over.length ? 'fail' : 'pass',
    detail: over.length
      ? `${over.length} of ${judged.length} hooks over budget: ${list(over, (s) => `${s.name} ${fmtSeconds(s.p95)}`)}`
      : `slowest: ${worst.name} ${fmtSeconds(worst.p95)} (${judged.length} hooks)`,
  };
}

function hookSuccess(hooks: SeriesStats[], t: ReportTargets): ScoreItem {
  const base: Base = {
    id: 'hook_success_ratio',
    title: 'Hook success ratio',
    target: `at least ${fmtPercent(t.successRatioMin)} of runs succeed (or block) for every hook`,
    unit: 'ratio',
  };
  if (hooks.length === 0) return noData(base, 'no hook ran');
  const ratio = (s: SeriesStats) => 1 - (s.failureRatio ?? 0);
  const worst = hooks.reduce((a, b) => (ratio(b) < ratio(a) ? b : a));
  const below = hooks.filter((s) => ratio(s) < t.successRatioMin);
  const runs = hooks.reduce((a, s) => a + s.count, 0);
  const failed = hooks.reduce((a, s) => a + s.failures, 0);
  return {
    ...base,
    value: ratio(worst),
    status: below.length ? 'fail' : 'pass',
    detail:
      (below.length
        ? `below target: ${list(below, (s) => `${s.name} ${fmtPercent(ratio(s))}`)}`
        : `lowest: ${worst.name} ${fmtPercent(ratio(worst))}`) +
      `; all hooks: ${fmtPercent(runs ? 1 - failed / runs : undefined)} of ${fmtCount(runs)} runs`,
  };
}

function validationOverhead(i: ScorecardInput): ScoreItem {
  const t = i.targets;
  const base: Base = {
    id: 'validation_overhead',
    title: 'Validation overhead',
    target: `validators take under ${fmtPercent(t.validationMaxRatio)} of hook time`,
    unit: 'ratio',
  };
  const shares = validationShares(i.hooks, i.validators);
  if (shares.length === 0) return noData(base, 'no validator ran');
  const validatorSeconds = shares.reduce((a, s) => a + s.validatorSeconds, 0);
  const hookSeconds = [...i.hooks.values()].reduce((a, s) => a + s.seconds, 0);
  const overall = hookSeconds > 0 ? validatorSeconds / hookSeconds : 0;
  const over = shares.filter((s) => s.share > t.validationMaxRatio);
  return {
    ...base,
    value: overall,
    status: overall > t.validationMaxRatio || over.length ? 'fail' : 'pass',
    detail:
      `${fmtSeconds(validatorSeconds)} of ${fmtSeconds(hookSeconds)} of hook time; ` +
      (over.length
        ? `over the cap: ${list(over, (s) => `${s.hook} ${fmtPercent(s.share)}`)}`
        : `highest: ${shares[0]!.hook} ${fmtPercent(shares[0]!.share)}`),
  };
}

function monitoringOverhead(i: ScorecardInput): ScoreItem {
  const cap = i.targets.monitoringMaxRatio;
  const base: Base = {
    id: 'monitoring_overhead',
    title: 'Monitoring overhead',
    target: `hookscope adds under ${fmtPercent(cap)} to hook time`,
    unit: 'ratio',
  };
  if (i.overheads.length === 0) {
    return noData(base, 'no hook reported the time hookscope added to it (hookscope exec does)');
  }
  const seconds = i.overheads.reduce((a, o) => a + o.seconds, 0);
  const hookSeconds = i.overheads.reduce((a, o) => a + o.hookSeconds, 0);
  const overall = seconds / hookSeconds;
  const over = i.overheads.filter((o) => o.share > cap);
  return {
    ...base,
    value: overall,
    status: overall > cap || over.length ? 'fail' : 'pass',
    detail:
      `${fmtSeconds(seconds)} over ${fmtSeconds(hookSeconds)} of measured hooks; ` +
      (over.length
        ? `over the cap: ${list(over, (o) => `${o.hook} ${fmtPercent(o.share)}`)}`
        : `highest: ${i.overheads[0]!.hook} ${fmtPercent(i.overheads[0]!.share)}`),
  };
}

function testTimeReduction(rows: TestSelectionEfficiency[], t: ReportTargets): ScoreItem {
  const { min, max } = t.testTimeReduction;
  const base: Base = {
    id: 'test_time_reduction',
    title: 'Test time saved by selection',
    target: `${fmtPercent(min)} to ${fmtPercent(max)} of full-suite time`,
    unit: 'ratio',
  };
  const full = rows.reduce((a, r) => a + r.fullSuiteSeconds, 0);
  if (full <= 0) return noData(base, 'no selected test run reported a full-suite estimate');
  const saved = rows.reduce((a, r) => a + r.savedSeconds, 0);
  const ratio = saved / full;
  const missed = rows.reduce((a, r) => a + r.missedFailures, 0);
  return {
    ...base,
    value: ratio,
    status: ratio < min ? 'fail' : 'pass',
    detail:
      `saved ${fmtSeconds(saved)} of ${fmtSeconds(full)}; ${fmtCount(missed)} missed failures` +
      (ratio > max
        ? `; above the ${fmtPercent(max)} top of the range: check that selection misses nothing`
        : ''),
  };
}

function cacheHitRatio(caches: CacheEfficiency[], t: ReportTargets): ScoreItem {
  const base: Base = {
    id: 'cache_hit_ratio',
    title: 'Cache hit ratio',
    target: `at least ${fmtPercent(t.cacheMinHitRatio)} for every cache`,
    unit: 'ratio',
  };
  const judged = caches.filter((c) => c.hitRatio !== undefined);
  if (judged.length === 0) return noData(base, 'no cache lookups');
  const worst = judged.reduce((a, b) => (b.hitRatio! < a.hitRatio! ? b : a));
  const below = judged.filter((c) => c.belowTarget);
  return {
    ...base,
    value: worst.hitRatio!,
    status: below.length ? 'fail' : 'pass',
    detail: below.length
      ? `below target: ${list(below, (c) => `${c.cache} ${fmtPercent(c.hitRatio)}`)}`
      : `lowest: ${worst.cache} ${fmtPercent(worst.hitRatio)} (${judged.length} caches)`,
  };
}

function responseTime(types: ProcessTypeHealth[]): ScoreItem {
  const base: Base = {
    id: 'conversation_response_p95',
    title: 'Conversation response time',
    target: 'p95 under the warning threshold of each process type',
    unit: 's',
  };
  const judged = types.filter((h) => h.threshold && h.p95 !== undefined);
  if (judged.length === 0) return noData(base, 'no exchanges of a process type with thresholds');
  const worst = judged.reduce((a, b) =>
    b.p95! / b.threshold!.warning > a.p95! / a.threshold!.warning ? b : a,
  );
  const slow = judged.filter((h) => h.status === 'warning' || h.status === 'critical');
  const show = (h: ProcessTypeHealth) =>
    `${h.processType} ${fmtSeconds(h.p95)} (warning ${fmtSeconds(h.threshold!.warning)})`;
  return {
    ...base,
    value: worst.p95!,
    status: slow.length ? 'fail' : 'pass',
    detail: slow.length ? `too slow: ${list(slow, show)}` : list(judged, show),
  };
}

function compression(types: ProcessTypeHealth[], t: ReportTargets): ScoreItem {
  const base: Base = {
    id: 'compression_saved_ratio',
    title: 'Context compression',
    target: `median compression removes at least ${fmtPercent(t.compressionSavedRatioMin)} of the context`,
    unit: 'ratio',
  };
  const judged = types.filter((h) => h.medianSavedRatio !== undefined);
  if (judged.length === 0) return noData(base, 'no compressions');
  const worst = judged.reduce((a, b) => (b.medianSavedRatio! < a.medianSavedRatio! ? b : a));
  const weak = judged.filter((h) => h.medianSavedRatio! < t.compressionSavedRatioMin);
  const lost = judged.reduce((a, h) => a + h.criticalInfoLost, 0);
  return {
    ...base,
    value: worst.medianSavedRatio!,
    status: weak.length || lost > 0 ? 'fail' : 'pass',
    detail:
      list(judged, (h) => `${h.processType} ${fmtPercent(h.medianSavedRatio)}`) +
      `; ${fmtCount(lost)} compressions lost critical information`,
  };
}

function restarts(types: ProcessTypeHealth[], t: ReportTargets): ScoreItem {
  const base: Base = {
    id: 'restarts',
    title: 'Agent restarts',
    target: `at most ${t.restartsPerHourMax} per hour, at least ${fmtPercent(t.restartMinSuccessRatio)} succeed`,
    unit: 'ratio',
  };
  if (types.length === 0) return noData(base, 'no conversation data');
  const judged = types.filter((h) => h.restarts > 0);
  if (judged.length === 0) return { ...base, value: 1, status: 'pass', detail: 'no restarts' };
  const bad = judged.filter(
    (h) =>
      h.restartsPerHour > t.restartsPerHourMax ||
      (h.restartSuccessRatio ?? 1) < t.restartMinSuccessRatio,
  );
  const worst = judged.reduce((a, b) =>
    (b.restartSuccessRatio ?? 1) < (a.restartSuccessRatio ?? 1) ? b : a,
  );
  return {
    ...base,
    value: worst.restartSuccessRatio ?? 1,
    status: bad.length ? 'fail' : 'pass',
    detail: list(
      judged,
      (h) =>
        `${h.processType}: ${fmtCount(h.restarts)} (${h.restartsPerHour.toFixed(2)}/h), ${fmtPercent(h.restartSuccessRatio)} succeeded`,
    ),
  };
}
