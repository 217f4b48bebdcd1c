import {
  COLLECTOR_BACKLOG_AGE,
  COLLECTOR_BACKLOG_BYTES,
  COLLECTOR_INGEST_LAG,
  COLLECTOR_LABEL_OVERFLOW,
  COLLECTOR_LINES_REJECTED,
  COLLECTOR_OTLP_SERIES_EVICTED,
  COLLECTOR_SPANS_INGESTED,
  COLLECTOR_SPOOL_SKIPPED_ENTRIES,
  COLLECTOR_VALUES_REJECTED,
} from '@hookscope/catalog';
import { BASE_RATE_WINDOW, type HookscopeConfig } from '@hookscope/config';
import { alert, alertPair } from '../alert.js';
import { JOBS } from '../jobs.js';
import { records } from '../names.js';
import { histogramSeries, labelsOf, num, selector } from '../promql.js';
import type { RuleFile } from '../rule-types.js';

const W = BASE_RATE_WINDOW;
const UP = selector('up', { job: JOBS.collector });
const LAG = histogramSeries(COLLECTOR_INGEST_LAG);

/** The collector's own health: is it scraped, does it keep up with the spool, does it drop data. */
export function collectorRules(config: HookscopeConfig): RuleFile {
  const c = config.collector;
  return {
    file: 'collector.yml',
    description:
      'Health of the hookscope collector: reachability, spool backlog, rejected lines, unreadable spool entries, rejected values, label overflow, forgotten OTLP series, ingest lag.',
    groups: [
      {
        name: 'hookscope-collector',
        rules: [
          {
            record: records.collectorSpansIngested(W),
            expr: `sum by (job, instance, source) (rate(${COLLECTOR_SPANS_INGESTED.name}[${W}]))`,
          },
          {
            record: records.collectorLinesRejected(W),
            expr: `sum by (job, instance, ${labelsOf(COLLECTOR_LINES_REJECTED, ['reason'])}) (rate(${COLLECTOR_LINES_REJECTED.name}[${W}]))`,
          },
          {
            record: records.collectorIngestLag(0.95, W),
            expr: `histogram_quantile(0.95, sum by (le, job, instance) (rate(${LAG.bucket}[${W}])))`,
          },
          alert(config, {
            name: 'HookscopeCollectorDown',
            severity: 'critical',
            expr: `${UP} == 0`,
            for: c.down_for,
            summary: 'Prometheus cannot scrape the hookscope collector.',
            description: `The collector at {{ $labels.instance }} has not answered scrapes for ${c.down_for}: hook metrics are not updated (hooks keep spooling; nothing is lost while it is down).`,
          }),
          alert(config, {
            name: 'HookscopeCollectorAbsent',
            severity: 'critical',
            expr: `absent(${UP})`,
            for: c.down_for,
            summary: 'Prometheus has no hookscope collector target.',
            description: `No target of job {{ $labels.job }} has been scraped for ${c.down_for}: the scrape config lost the collector, so no hook alert can fire.`,
          }),
          ...alertPair(config, c.backlog_age_seconds, (severity, threshold) => ({
            name: 'HookscopeSpoolBacklogGrowing',
            severity,
            expr: `${COLLECTOR_BACKLOG_AGE.name} > ${num(threshold)}\nunless\nderiv(${COLLECTOR_BACKLOG_BYTES.name}[15m]) < 0`,
            for: c.backlog_for[severity],
            summary: `The spool backlog is old and not shrinking (${severity}).`,
            description: `The oldest unread spool data at {{ $labels.instance }} is {{ $value | humanizeDuration }} old and the backlog is not shrinking: the collector is not keeping up with the hooks or cannot read the spool.`,
          })),
          alert(config, {
            name: 'HookscopeSpoolLinesRejected',
            severity: 'warning',
            expr: `sum by (job, instance, reason) (increase(${COLLECTOR_LINES_REJECTED.name}[1h])) >= ${c.rejected_lines_per_hour}`,
            summary: 'The collector rejected spool lines.',
            description: `The collector at {{ $labels.instance }} skipped {{ $value | printf "%.0f" }} spool lines in the last hour (reason: {{ $labels.reason }}); their spans are not in the metrics.`,
          }),
          alert(config, {
            name: 'HookscopeSpoolEntriesSkipped',
            severity: 'warning',
            expr: `max by (job, instance, ${labelsOf(COLLECTOR_SPOOL_SKIPPED_ENTRIES, ['kind'])}) (${COLLECTOR_SPOOL_SKIPPED_ENTRIES.name}) > 0`,
            for: '10m',
            summary: 'The spool directory holds entries the collector cannot read.',
            description: `The spool directory of the collector at {{ $labels.instance }} holds {{ $value | printf "%.0f" }} entries named like spool files that are not readable regular files (kind: {{ $labels.kind }}); the collector skips them, so spans in them are not counted.`,
          }),
          alert(config, {
            name: 'HookscopeValuesRejected',
            severity: 'warning',
            expr: `sum by (job, instance, ${labelsOf(COLLECTOR_VALUES_REJECTED, ['metric'])}) (increase(${COLLECTOR_VALUES_REJECTED.name}[1h])) > 0`,
            summary: 'The collector rejected values that are not finite or out of bounds.',
            description: `{{ $labels.metric }} at {{ $labels.instance }} rejected {{ $value | printf "%.0f" }} values in the last hour (not finite, negative, or beyond the largest plausible value of its unit): a writer sends broken measurements.`,
          }),
          alert(config, {
            name: 'HookscopeOtlpSeriesEvicted',
            severity: 'warning',
            expr: `sum by (job, instance) (increase(${COLLECTOR_OTLP_SERIES_EVICTED.name}[1h])) > 0`,
            summary:
              'The collector forgot cumulative OTLP series; their next increase is not counted.',
            description: `The collector at {{ $labels.instance }} forgot {{ $value | printf "%.0f" }} cumulative OTLP series in the last hour to bound its memory: a sender exports more distinct series than it remembers, and an increase of a forgotten series is lost.`,
          }),
          alert(config, {
            name: 'HookscopeLabelOverflow',
            severity: 'warning',
            expr: `sum by (job, instance, ${labelsOf(COLLECTOR_LABEL_OVERFLOW, ['metric'])}) (increase(${COLLECTOR_LABEL_OVERFLOW.name}[1h])) > 0`,
            summary: 'A metric reached its series cap; new label values go to the "other" series.',
            description: `{{ $labels.metric }} at {{ $labels.instance }} folded {{ $value | printf "%.0f" }} observations into its "other" series in the last hour: a label (hook name, agent, ...) has too many distinct values.`,
          }),
          ...alertPair(config, c.ingest_lag_seconds, (severity, threshold) => ({
            name: 'HookscopeIngestLagHigh',
            severity,
            expr: `${records.collectorIngestLag(0.95, W)} > ${num(threshold)}`,
            for: c.ingest_lag_for[severity],
            summary: `Spans reach the metrics late (${severity}).`,
            description: `Spans reach the metrics of {{ $labels.instance }} {{ $value | humanizeDuration }} after they end (p95 over ${W}; ${severity} above ${num(threshold)}s).`,
          })),
        ],
      },
    ],
  };
}
