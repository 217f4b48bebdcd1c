import {
  COMPRESSION_RATIO,
  COMPRESSIONS,
  CONVERSATION_RESPONSE_SECONDS,
  CONVERSATION_RESTARTS,
  CONVERSATION_TURNS,
} from '@hookscope/catalog';
import { BASE_RATE_WINDOW, durationSeconds, type HookscopeConfig } from '@hookscope/config';
import { alert, alertPair } from '../alert.js';
import { records, uniqueWindows } from '../names.js';
import { histogramSeries, labelsOf, num, paren, selector, shareOf, sumRate } from '../promql.js';
import type { AlertingRule, RecordingRule, RuleFile } from '../rule-types.js';

const LEVEL = ['process_type'] as const;
// Every conversation metric read here carries process_type, checked against the catalog.
const BY = [
  CONVERSATION_RESPONSE_SECONDS,
  CONVERSATION_TURNS,
  COMPRESSION_RATIO,
  COMPRESSIONS,
  CONVERSATION_RESTARTS,
]
  .map((def) => labelsOf(def, LEVEL))
  .at(-1)!;
const RESPONSE = histogramSeries(CONVERSATION_RESPONSE_SECONDS);
const KEPT = histogramSeries(COMPRESSION_RATIO);
const RESTARTS_FAILED = selector(CONVERSATION_RESTARTS.name, { outcome: 'error' });

function responseRecordings(w: string): RecordingRule[] {
  return [
    ...[0.5, 0.95].map((q) => ({
      record: records.conversationQuantile(q, w),
      expr: `histogram_quantile(${q}, sum by (le, ${BY}) (rate(${RESPONSE.bucket}[${w}])))`,
    })),
    { record: records.conversationTurns(w), expr: sumRate(CONVERSATION_TURNS.name, BY, w) },
  ];
}

/** Agent conversations: response time per process type, compression effectiveness, restarts. */
export function conversationRules(config: HookscopeConfig): RuleFile {
  const c = config.conversations;
  const w = config.alerts.window;
  const cw = c.compression_window;
  const exchanges = `${records.conversationTurns(w)} * ${durationSeconds(w)} >= ${config.alerts.min_executions}`;
  const restartsLastHour = `${records.restarts('1h')} * 3600`;
  const slow: AlertingRule[] = Object.entries(c.response_seconds).flatMap(
    ([processType, thresholds]) =>
      alertPair(config, thresholds, (severity, threshold) => ({
        name: 'ConversationResponseSlow',
        severity,
        expr: `${selector(records.conversationQuantile(0.95, w), { process_type: processType })} > ${num(threshold)}\nand on (${BY})\n${exchanges}`,
        for: c.for[severity],
        summary: `Agent responses are slower than the ${severity} threshold of their process type.`,
        // One rule per process type: the label keeps them apart (promtool rejects duplicates).
        labels: { process_type: processType },
        description: `{{ $labels.process_type }} responses took {{ $value | humanizeDuration }} at p95 over the last ${w} (${severity} above ${num(threshold)}s).`,
      })),
  );
  return {
    file: 'conversations.yml',
    description:
      'Agent conversations: response time per process type, context compression, restarts.',
    groups: [
      {
        name: 'hookscope-conversations',
        rules: [
          ...uniqueWindows([BASE_RATE_WINDOW, w, '1h']).flatMap(responseRecordings),
          {
            record: records.compressionKeptMedian(cw),
            expr: `histogram_quantile(0.5, sum by (le, ${BY}) (rate(${KEPT.bucket}[${cw}])))`,
          },
          { record: records.compressions(cw), expr: sumRate(COMPRESSIONS.name, BY, cw) },
          { record: records.restarts('1h'), expr: sumRate(CONVERSATION_RESTARTS.name, BY, '1h') },
          {
            record: records.restartSuccessRatio('1h'),
            expr: `1 - ${paren(shareOf(RESTARTS_FAILED, CONVERSATION_RESTARTS.name, BY, '1h'))}`,
          },
          ...slow,
          // The config speaks of the share removed; the metric holds the share kept.
          ...alertPair(config, c.compression_saved_ratio, (severity, threshold) => ({
            name: 'CompressionIneffective',
            severity,
            expr: `${records.compressionKeptMedian(cw)} > ${num(1 - threshold)}\nand on (${BY})\n${records.compressions(cw)} * ${durationSeconds(cw)} >= ${c.min_compressions}`,
            for: c.for[severity],
            summary: `Context compression removes too little (${severity}).`,
            description: `{{ $labels.process_type }} compressions kept {{ $value | humanizePercentage }} of the context at the median over the last ${cw}: they remove less than ${num(threshold * 100)}% (${severity}).`,
          })),
          ...alertPair(config, c.restarts_per_hour, (severity, threshold) => ({
            name: 'AgentRestartsFrequent',
            severity,
            expr: `${restartsLastHour} > ${num(threshold)}`,
            for: c.for[severity],
            summary: `Agent processes restart often (${severity}).`,
            description: `{{ $labels.process_type }} agent processes restarted {{ $value | printf "%.0f" }} times in the last hour (${severity} above ${num(threshold)}).`,
          })),
          alert(config, {
            name: 'AgentRestartsFailing',
            severity: 'warning',
            expr: `${records.restartSuccessRatio('1h')} < ${num(c.restart_min_success_ratio)}\nand on (${BY})\n${restartsLastHour} >= ${config.alerts.min_executions}`,
            for: c.for.warning,
            summary: 'Agent process restarts fail.',
            description: `Only {{ $value | humanizePercentage }} of {{ $labels.process_type }} restarts succeeded in the last hour (warning below ${num(c.restart_min_success_ratio * 100)}%).`,
          }),
        ],
      },
    ],
  };
}
