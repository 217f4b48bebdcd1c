import { prometheusSeriesNames } from '@hookscope/catalog';
import { isAlert, type RuleFile } from './rule-types.js';

/** Series Prometheus makes itself rather than scraping them. */
export const PROMETHEUS_SYNTHETIC_SERIES = ['up'] as const;

/**
 * Series the remote-write agent (vmagent) exposes about itself: what the remote-write rules read.
 * Not the collector's, so not in the catalog; the names are vmagent's (checked against a real one
 * in test/remote-write.test.ts).
 */
export const REMOTE_WRITE_AGENT_SERIES = {
  /** Requests sent, by HTTP status (`2XX`, or the code of a refusal such as `401`). */
  requests: 'vmagent_remotewrite_requests_total',
  /** Requests that got no answer (connection refused, timeout, TLS failure). */
  errors: 'vmagent_remotewrite_errors_total',
  /** Bytes buffered (memory and disk) and not yet delivered. */
  pendingBytes: 'vmagent_remotewrite_pending_data_bytes',
  /** Blocks dropped because the buffer was full or the endpoint rejected them for good (400, 409). */
  packetsDropped: 'vmagent_remotewrite_packets_dropped_total',
  bytesSent: 'vmagent_remotewrite_bytes_sent_total',
  rowsPushed: 'vmagent_remotewrite_rows_pushed_after_relabel_total',
} as const;

const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'offset',
  'bool',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression selects. A small scanner, enough for the rules generated
 * here: strings, label matchers, ranges and grouping clauses are blanked out, and of the names
 * left, those not called as functions or aggregations are metric names.
 */
export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const m of stripped.matchAll(/(?<![\w.:])[a-zA-Z_:][\w:]*/g)) {
    const rest = stripped.slice(m.index + m[0].length);
    if (/^\s*\(/.test(rest) || KEYWORDS.has(m[0].toLowerCase())) continue;
    names.add(m[0]);
  }
  return [...names];
}

/** Each metric a rule names that is neither in the catalog, nor recorded by a rule, nor made by Prometheus. */
export function unknownMetricReferences(
  files: readonly RuleFile[],
): { rule: string; metric: string }[] {
  const rules = files.flatMap((f) => f.groups.flatMap((g) => g.rules));
  const known = new Set<string>([
    ...prometheusSeriesNames().keys(),
    ...rules.flatMap((r) => (isAlert(r) ? [] : [r.record])),
    ...PROMETHEUS_SYNTHETIC_SERIES,
    ...Object.values(REMOTE_WRITE_AGENT_SERIES),
  ]);
  return rules.flatMap((r) =>
    metricNamesIn(r.expr)
      .filter((m) => !known.has(m))
      .map((metric) => ({ rule: isAlert(r) ? r.alert : r.record, metric })),
  );
}

export function checkRuleMetrics(files: readonly RuleFile[]): void {
  const unknown = unknownMetricReferences(files);
  if (unknown.length) {
    throw new Error(
      `rules name metrics the collector does not expose: ${unknown.map((u) => `${u.metric} (in ${u.rule})`).join(', ')}`,
    );
  }
}
