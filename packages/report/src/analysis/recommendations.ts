import type { HookOutcome } from '@hookscope/catalog';
import { FREQUENT_BLOCK_RATIO } from '../heuristics.js';
import { shareAbove } from '../histogram.js';
import { fmtChange, fmtCount, fmtPercent, fmtSeconds, fmtTime } from '../format.js';
import type {
  Bottlenecks,
  CacheEfficiency,
  ProcessTypeHealth,
  Recommendation,
  Regressions,
  TestSelectionEfficiency,
} from '../model.js';
import type { HookOverhead } from './overhead.js';
import { validationShares } from './validation-shares.js';
import type { SeriesStats } from '../series-stats.js';
import { SUBJECTS, seriesKey, type SubjectId } from '../subjects.js';
import type { ReportTargets } from '../targets.js';

const BLOCKED: HookOutcome = 'blocked';

export interface RecommendationInput {
  targets: ReportTargets;
  windowSeconds: number;
  windowRange: string;
  baselineRange: string;
  hooks: Map<string, SeriesStats>;
  /** Window statistics of every subject, for the time a regressed series takes. */
  windowStats: ReadonlyMap<SubjectId, Map<string, SeriesStats>>;
  bottlenecks: Bottlenecks;
  regressions: Regressions;
  validators: Map<string, SeriesStats>;
  caches: CacheEfficiency[];
  selection: TestSelectionEfficiency[];
  conversations: ProcessTypeHealth[];
  overheads: HookOverhead[];
}

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

/**
 * Recommendations, each following from a number in the report and citing it. Nothing is said
 * that the data does not show: no finding, no recommendation.
 */
export function recommend(input: RecommendationInput): Recommendation[] {
  const out: { rec: Recommendation; impact: number }[] = [];
  const add = (rec: Recommendation, impactSeconds = 0) => out.push({ rec, impact: impactSeconds });
  const perDay = 86400 / input.windowSeconds;
  const { targets: t } = input;

  for (const h of input.bottlenecks.hooks.filter((b) => b.flagged)) {
    const rising =
      h.trend.direction === 'rising'
        ? ` Its p95 is rising: ${fmtChange(h.trend.p95Change)} across the window.`
        : '';
    add(
      {
        kind: 'bottleneck',
        severity: 'warning',
        subject: h.name,
        title: `Speed up ${h.name} first: it takes ${fmtPercent(h.share)} of all hook time`,
        text:
          `${h.name} ran ${fmtCount(h.executions)} times in the last ${input.windowRange} and took ` +
          `${fmtSeconds(h.seconds)} of the ${fmtSeconds(input.bottlenecks.totalSeconds)} spent in hooks ` +
          `(p95 ${fmtSeconds(h.p95)}, mean ${fmtSeconds(h.mean)}). Halving its time would cut total hook ` +
          `time by ${fmtPercent(h.share / 2)}, about ${fmtSeconds((h.seconds / 2) * perDay)} a day.` +
          rising,
        evidence: {
          share: h.share,
          seconds: h.seconds,
          executions: h.executions,
          p95: h.p95 ?? 'n/a',
        },
      },
      h.seconds,
    );
  }

  for (const s of input.hooks.values()) {
    if (s.p95 === undefined || s.p95 <= t.hookBudgetSeconds) continue;
    const over = shareAbove(s.buckets, t.hookBudgetSeconds) ?? 0;
    add(
      {
        kind: 'over_budget',
        severity: 'critical',
        subject: s.name,
        title: `Bring ${s.name} under the ${fmtSeconds(t.hookBudgetSeconds)} budget`,
        text:
          `Its p95 is ${fmtSeconds(s.p95)}: ${fmtPercent(over)} of its ${fmtCount(s.count)} runs in the ` +
          `last ${input.windowRange} took longer than ${fmtSeconds(t.hookBudgetSeconds)}.`,
        evidence: {
          p95: s.p95,
          budget: t.hookBudgetSeconds,
          shareOverBudget: over,
          executions: s.count,
        },
      },
      s.seconds * over,
    );
  }

  for (const c of input.regressions.changes) {
    if (c.direction !== 'regression' || c.confidence !== 'high') continue;
    const subject = SUBJECTS.find((x) => x.id === c.subject)!;
    const stats = input.windowStats.get(subject.id)?.get(seriesKey(subject.key, c.labels));
    const noun = subject.id === 'hook' ? '' : `${subject.noun} `;
    const since = c.since ? ` since ${fmtTime(Date.parse(c.since) / 1000)}` : '';
    const counts = `${fmtCount(c.windowExecutions)} runs in the window, ${fmtCount(c.baselineExecutions)} in the ${input.baselineRange} baseline`;
    if (c.metric === 'p95') {
      add(
        {
          kind: 'regression',
          severity: c.current > t.hookBudgetSeconds ? 'critical' : 'warning',
          subject: c.name,
          title: `Find what made ${noun}${c.name} slower${since}`,
          text:
            `Its p95 went from ${fmtSeconds(c.baseline)} to ${fmtSeconds(c.current)} (${fmtChange(c.change)}) ` +
            `against the ${input.baselineRange} before the window (${counts}; ${c.evidence}).`,
          evidence: {
            baselineP95: c.baseline,
            p95: c.current,
            change: c.change ?? 'new',
            windowExecutions: c.windowExecutions,
            baselineExecutions: c.baselineExecutions,
          },
        },
        stats ? stats.seconds * (1 - c.baseline / c.current) : 0,
      );
    } else {
      add({
        kind: 'failure_regression',
        severity: 'warning',
        subject: c.name,
        title: `Find why ${noun}${c.name} fails more often`,
        text:
          `Its failure ratio went from ${fmtPercent(c.baseline)} to ${fmtPercent(c.current)} ` +
          `(${c.evidence}).`,
        evidence: {
          baselineFailureRatio: c.baseline,
          failureRatio: c.current,
          windowExecutions: c.windowExecutions,
          baselineExecutions: c.baselineExecutions,
        },
      });
    }
  }

  for (const s of input.hooks.values()) {
    const success = 1 - (s.failureRatio ?? 0);
    if (success < t.successRatioMin) {
      const [outcome, n] = Object.entries(s.outcomes)
        .filter(([o]) => s.failures > 0 && o !== 'success' && o !== BLOCKED)
        .sort((a, b) => b[1] - a[1])[0] ?? ['error', 0];
      add({
        kind: 'low_success',
        severity: success < t.successRatioMin - 0.1 ? 'critical' : 'warning',
        subject: s.name,
        title: `Fix the failures of ${s.name}`,
        text:
          `Only ${fmtPercent(success)} of its ${fmtCount(s.count)} runs succeeded (target ` +
          `${fmtPercent(t.successRatioMin)}); most failures ended with outcome ${outcome} (${fmtCount(n)} runs).`,
        evidence: {
          successRatio: success,
          target: t.successRatioMin,
          executions: s.count,
          [outcome]: n,
        },
      });
    }
    const blocked = s.outcomes[BLOCKED] ?? 0;
    if (s.count > 0 && blocked / s.count >= FREQUENT_BLOCK_RATIO) {
      add({
        kind: 'frequent_blocks',
        severity: 'info',
        subject: s.name,
        title: `Check why ${s.name} blocks ${fmtPercent(blocked / s.count)} of its runs`,
        text:
          `${fmtCount(blocked)} of its ${fmtCount(s.count)} runs in the last ${input.windowRange} ended ` +
          `with outcome blocked (exit code 2, or a deny decision it printed), so the agent had to redo that step ${fmtCount(blocked)} times.`,
        evidence: { blocked, executions: s.count, blockedRatio: blocked / s.count },
      });
    }
  }

  for (const v of validationShares(input.hooks, input.validators)) {
    if (v.share <= t.validationMaxRatio) continue;
    const top = v.top;
    const topName = top.labels['validator'] ?? top.name;
    add(
      {
        kind: 'validator_overhead',
        severity: 'warning',
        subject: v.hook,
        title: `Cut validation time in ${v.hook}: validators take ${fmtPercent(v.share)} of it`,
        text:
          `Validators took ${fmtSeconds(v.validatorSeconds)} of the ${fmtSeconds(v.hookSeconds)} ${v.hook} ` +
          `ran in the last ${input.windowRange} (cap ${fmtPercent(t.validationMaxRatio)}); ${topName} alone ` +
          `took ${fmtSeconds(top.seconds)} over ${fmtCount(top.count)} runs (p95 ${fmtSeconds(top.p95)}).`,
        evidence: {
          share: v.share,
          cap: t.validationMaxRatio,
          validatorSeconds: v.validatorSeconds,
          hookSeconds: v.hookSeconds,
          topValidator: topName,
        },
      },
      v.validatorSeconds - v.hookSeconds * t.validationMaxRatio,
    );
  }

  for (const o of input.overheads.filter((o) => o.share > t.monitoringMaxRatio)) {
    add(
      {
        kind: 'monitoring_overhead',
        severity: 'warning',
        subject: o.hook,
        title: `Reduce what hookscope adds to ${o.hook}: ${fmtPercent(o.share)} of its time`,
        text:
          `hookscope added ${fmtSeconds(o.seconds)} to the ${fmtSeconds(o.hookSeconds)} ${o.hook} ran in the ` +
          `last ${input.windowRange} (cap ${fmtPercent(t.monitoringMaxRatio)}).`,
        evidence: {
          share: o.share,
          cap: t.monitoringMaxRatio,
          seconds: o.seconds,
          hookSeconds: o.hookSeconds,
        },
      },
      o.seconds,
    );
  }

  for (const c of input.caches.filter((c) => c.belowTarget)) {
    const cost =
      c.missMean !== undefined
        ? ` Its misses took ${fmtSeconds(c.missSeconds)} (mean ${fmtSeconds(c.missMean)} a miss` +
          (c.hitMean !== undefined ? ` against ${fmtSeconds(c.hitMean)} a hit).` : ').')
        : '';
    const before =
      c.baselineHitRatio !== undefined
        ? ` In the baseline it was ${fmtPercent(c.baselineHitRatio)}.`
        : '';
    add(
      {
        kind: 'cache_hit_ratio',
        severity: 'warning',
        subject: c.cache,
        title: `Fix cache ${c.cache}: only ${fmtPercent(c.hitRatio)} of lookups hit`,
        text:
          `Cache ${c.cache} answered ${fmtCount(c.hits)} of its ${fmtCount(c.lookups)} lookups in the last ` +
          `${input.windowRange} from cache (target ${fmtPercent(t.cacheMinHitRatio)}).${cost}${before}`,
        evidence: {
          hitRatio: c.hitRatio ?? 'n/a',
          target: t.cacheMinHitRatio,
          lookups: c.lookups,
          misses: c.misses,
          missSeconds: c.missSeconds,
        },
      },
      c.missSeconds,
    );
  }

  for (const r of input.selection) {
    const name = `${r.suite} (${r.strategy})`;
    if (r.timeReduction !== undefined && r.timeReduction < t.testTimeReduction.min) {
      add(
        {
          kind: 'test_selection_savings',
          severity: 'warning',
          subject: name,
          title: `Make test selection for ${name} more selective: it saves ${fmtPercent(r.timeReduction)}`,
          text:
            `Selected runs of ${name} saved ${fmtSeconds(r.savedSeconds)} of an estimated ` +
            `${fmtSeconds(r.fullSuiteSeconds)} full-suite time (target ${fmtPercent(t.testTimeReduction.min)} to ` +
            `${fmtPercent(t.testTimeReduction.max)}); they selected ${fmtPercent(r.selectionRatio)} of the tests, ` +
            `and choosing them took ${fmtSeconds(r.selectionSeconds)}.`,
          evidence: {
            timeReduction: r.timeReduction,
            selectionRatio: r.selectionRatio ?? 'n/a',
            savedSeconds: r.savedSeconds,
            fullSuiteSeconds: r.fullSuiteSeconds,
          },
        },
        r.fullSuiteSeconds * t.testTimeReduction.min - r.savedSeconds,
      );
    }
    if (r.missedFailures > 0) {
      add({
        kind: 'missed_failures',
        severity: 'critical',
        subject: name,
        title: `Test selection for ${name} missed ${fmtCount(r.missedFailures)} failing tests`,
        text:
          `Full runs found ${fmtCount(r.missedFailures)} failures in tests that the latest selection of ${name} ` +
          `had left out (it selected ${fmtPercent(r.selectionRatio)} of the tests and saved ` +
          `${fmtPercent(r.timeReduction)} of full-suite time).`,
        evidence: { missedFailures: r.missedFailures, selectionRatio: r.selectionRatio ?? 'n/a' },
      });
    }
  }

  for (const h of input.conversations) {
    if ((h.status === 'warning' || h.status === 'critical') && h.threshold) {
      add({
        kind: 'slow_responses',
        severity: h.status,
        subject: h.processType,
        title: `Speed up ${h.processType} responses: p95 ${fmtSeconds(h.p95)}`,
        text:
          `The p95 response time of ${h.processType} exchanges was ${fmtSeconds(h.p95)} over ` +
          `${fmtCount(h.exchanges)} exchanges in the last ${input.windowRange} (warning ` +
          `${fmtSeconds(h.threshold.warning)}, critical ${fmtSeconds(h.threshold.critical)}).`,
        evidence: { p95: h.p95 ?? 'n/a', warning: h.threshold.warning, exchanges: h.exchanges },
      });
    }
    const weak =
      h.medianSavedRatio !== undefined && h.medianSavedRatio < t.compressionSavedRatioMin;
    if (weak || h.criticalInfoLost > 0) {
      add({
        kind: 'compression',
        severity: h.criticalInfoLost > 0 ? 'critical' : 'warning',
        subject: h.processType,
        title: `Check context compression of ${h.processType}`,
        text:
          `Its ${fmtCount(h.compressions)} compressions in the last ${input.windowRange} removed a median ` +
          `${fmtPercent(h.medianSavedRatio)} of the context (target at least ${fmtPercent(t.compressionSavedRatioMin)}); ` +
          `${fmtCount(h.criticalInfoLost)} reported losing critical information.`,
        evidence: {
          medianSavedRatio: h.medianSavedRatio ?? 'n/a',
          target: t.compressionSavedRatioMin,
          criticalInfoLost: h.criticalInfoLost,
        },
      });
    }
    const failing = (h.restartSuccessRatio ?? 1) < t.restartMinSuccessRatio;
    if (h.restartsPerHour > t.restartsPerHourMax || failing) {
      add({
        kind: 'restarts',
        severity: failing ? 'critical' : 'warning',
        subject: h.processType,
        title: `Find why ${h.processType} agents restart ${h.restartsPerHour.toFixed(1)} times an hour`,
        text:
          `${fmtCount(h.restarts)} restarts in the last ${input.windowRange} (${h.restartsPerHour.toFixed(2)} ` +
          `an hour, limit ${t.restartsPerHourMax}); ${fmtPercent(h.restartSuccessRatio)} succeeded ` +
          `(target ${fmtPercent(t.restartMinSuccessRatio)}).`,
        evidence: {
          restarts: h.restarts,
          perHour: h.restartsPerHour,
          successRatio: h.restartSuccessRatio ?? 'n/a',
        },
      });
    }
  }

  return out
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.rec.severity] - SEVERITY_ORDER[b.rec.severity] || b.impact - a.impact,
    )
    .map((r) => r.rec);
}
