import {
  COMPRESSION_RATIO,
  COMPRESSION_SAVED_TOKENS,
  COMPRESSIONS,
  CONVERSATION_RESTARTS,
  CONVERSATION_TOKENS,
} from '@hookscope/catalog';
import { quantile, type Bucket } from '../histogram.js';
import type { ProcessTypeHealth } from '../model.js';
import type { Period, Periods } from '../periods.js';
import { bucketsQuery, counterQuery, type Query } from '../queries.js';
import type { QueryResults } from '../run-queries.js';
import { mergeStats, type SeriesStats } from '../series-stats.js';
import type { ReportTargets } from '../targets.js';

const PT = 'process_type';
const IDS = {
  tokens: 'conversation.window.tokens',
  compressionRatio: 'conversation.window.compression_ratio',
  compressions: 'conversation.window.compressions',
  savedTokens: 'conversation.window.saved_tokens',
  restarts: 'conversation.window.restarts',
};
/** Values of the labels read here (hook-work-semconv's token types, compression and restart outcomes). */
const CRITICAL_INFO_LOST = 'lost';
const SUCCESS = 'success';

export function conversationQueries(p: Periods): Query[] {
  const w: Period = p.window;
  const label = 'conversations';
  return [
    counterQuery(IDS.tokens, label, CONVERSATION_TOKENS, [PT, 'token_type'], w),
    bucketsQuery(IDS.compressionRatio, label, COMPRESSION_RATIO, [PT], w),
    counterQuery(IDS.compressions, label, COMPRESSIONS, [PT, 'critical_info'], w),
    counterQuery(IDS.savedTokens, label, COMPRESSION_SAVED_TOKENS, [PT], w),
    counterQuery(IDS.restarts, label, CONVERSATION_RESTARTS, [PT, 'outcome'], w),
  ];
}

/**
 * Per process type: response time against its thresholds, errors, tokens, how much compression
 * removes and whether it loses critical information, restarts and their success.
 */
export function conversationHealth(
  results: QueryResults,
  responses: Map<string, SeriesStats>,
  window: Period,
  t: ReportTargets,
): ProcessTypeHealth[] {
  const types = new Set<string>();
  const sumBy = (id: string, second?: string) => {
    const out = new Map<string, Record<string, number>>();
    for (const r of results.instant(id)) {
      const pt = r.metric[PT] ?? '';
      types.add(pt);
      const row = out.get(pt) ?? {};
      const k = second ? (r.metric[second] ?? '') : '';
      if (Number.isFinite(r.value)) row[k] = (row[k] ?? 0) + r.value;
      out.set(pt, row);
    }
    return out;
  };
  const tokens = sumBy(IDS.tokens, 'token_type');
  const compressions = sumBy(IDS.compressions, 'critical_info');
  const saved = sumBy(IDS.savedTokens);
  const restarts = sumBy(IDS.restarts, 'outcome');
  const ratioBuckets = new Map<string, Bucket[]>();
  for (const r of results.instant(IDS.compressionRatio)) {
    const pt = r.metric[PT] ?? '';
    const le = r.metric['le'] === '+Inf' ? Infinity : Number(r.metric['le']);
    if (Number.isNaN(le) || !Number.isFinite(r.value)) continue;
    ratioBuckets.set(pt, [...(ratioBuckets.get(pt) ?? []), { le, count: r.value }]);
  }
  const byType = new Map<string, SeriesStats[]>();
  for (const s of responses.values()) {
    const pt = s.labels[PT] ?? '';
    types.add(pt);
    byType.set(pt, [...(byType.get(pt) ?? []), s]);
  }
  const total = (row: Record<string, number> | undefined) =>
    Object.values(row ?? {}).reduce((a, b) => a + b, 0);
  const hours = window.seconds / 3600;
  return [...types]
    .sort()
    .map((pt): ProcessTypeHealth => {
      const resp = mergeStats(pt, byType.get(pt) ?? []);
      const threshold = t.conversationResponseSeconds[pt];
      const p95 = resp?.p95;
      const status = !threshold
        ? 'no_threshold'
        : p95 === undefined
          ? 'ok'
          : p95 > threshold.critical
            ? 'critical'
            : p95 > threshold.warning
              ? 'warning'
              : 'ok';
      const kept = ratioBuckets.has(pt) ? quantile(ratioBuckets.get(pt)!, 0.5) : undefined;
      const restartRow = restarts.get(pt);
      const restartCount = total(restartRow);
      return {
        processType: pt,
        exchanges: resp?.count ?? 0,
        errorRatio: resp?.failureRatio,
        p50: resp?.p50,
        p95,
        ...(threshold ? { threshold } : {}),
        status,
        inputTokens: Math.round(tokens.get(pt)?.['input'] ?? 0),
        outputTokens: Math.round(tokens.get(pt)?.['output'] ?? 0),
        compressions: Math.round(total(compressions.get(pt))),
        medianSavedRatio: kept === undefined ? undefined : 1 - kept,
        savedTokens: Math.round(total(saved.get(pt))),
        criticalInfoLost: Math.round(compressions.get(pt)?.[CRITICAL_INFO_LOST] ?? 0),
        restarts: Math.round(restartCount),
        restartsPerHour: restartCount / hours,
        restartSuccessRatio:
          restartCount >= 0.5 ? (restartRow?.[SUCCESS] ?? 0) / restartCount : undefined,
      };
    })
    .filter((h) => h.exchanges > 0 || h.compressions > 0 || h.restarts > 0);
}
