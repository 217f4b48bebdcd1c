import { DASHBOARD_UIDS } from '@hookscope/mixin';
import {
  COLLECTOR_BACKLOG_AGE,
  COLLECTOR_BACKLOG_BYTES,
  COLLECTOR_BUILD_INFO,
  COLLECTOR_INGEST_LAG,
  COLLECTOR_LABEL_OVERFLOW,
  COLLECTOR_LINES_REJECTED,
  COLLECTOR_OTLP_RECORDS,
  COLLECTOR_OTLP_REQUESTS,
  COLLECTOR_SPANS_INGESTED,
  COLLECTOR_SPANS_REJECTED,
  COLLECTOR_SPOOL_FILES,
} from '@hookscope/catalog';
import type { HookscopeConfig } from '@hookscope/config';
import { hostMetric } from '../host-metric-lookup.js';
import type { DashboardDef } from '../dashboard.js';
import { runbookLink } from '../links.js';
import { aboveSteps, statPanel, tablePanel, timeSeries, minSteps } from '../panels.js';
import {
  COLLECTOR_UP,
  gaugeMax,
  overInterval,
  plain,
  quantile,
  sumRate,
  zeroWhileScraped,
} from '../promql.js';

/** Is the collector up and keeping up, and what is the machine doing. */
export function hostCollector(config: HookscopeConfig): DashboardDef {
  return {
    uid: DASHBOARD_UIDS.hostCollector,
    file: 'host-collector.json',
    title: 'hookscope / Host and collector health',
    description:
      'The collector’s own health (up, ingest rate, backlog, lag, rejected input, label overflow) and the host it runs on (CPU, memory, network).',
    rows: [
      {
        title: 'Collector',
        panels: [
          statPanel({
            title: 'Collector up',
            description:
              'Whether Prometheus could scrape the collector (1 = up) at the worst moment of the interval. 0 or no value: the collector is down and hooks pile up in the spool (nothing is lost).',
            unit: 'bool_yes_no',
            steps: minSteps(1),
            queries: [{ expr: `min(${overInterval('min', COLLECTOR_UP)})` }],
            links: [runbookLink(config, 'HookscopeCollectorDown')],
          }),
          statPanel({
            title: 'Spool backlog age',
            description:
              'Age of the oldest spool data the collector has not read yet; 0 when it keeps up. Growing means the collector is stopped or falling behind.',
            unit: 's',
            steps: aboveSteps(config.collector.backlog_age_seconds),
            queries: [{ expr: gaugeMax(plain(COLLECTOR_BACKLOG_AGE)) }],
            links: [runbookLink(config, 'HookscopeSpoolBacklogGrowing')],
          }),
          statPanel({
            title: 'Spans ingested',
            description: 'Spans per second the collector turns into metrics (spool and OTLP).',
            unit: 'ops',
            queries: [{ expr: sumRate(plain(COLLECTOR_SPANS_INGESTED)) }],
          }),
          tablePanel({
            title: 'Collector version',
            description: 'Version of each running collector and the Node.js it runs on.',
            unit: 'none',
            width: 6,
            height: 5,
            queries: [
              {
                expr: `max by (instance, version, nodejs_version) (max_over_time(${COLLECTOR_BUILD_INFO.name}[$__rate_interval]))`,
                instant: true,
              },
            ],
          }),
          timeSeries({
            title: 'Spans ingested by source',
            description:
              'Spans per second read from the spool (hooks) and received over OTLP (agents, SDKs).',
            unit: 'ops',
            stack: true,
            queries: [
              {
                expr: sumRate(plain(COLLECTOR_SPANS_INGESTED), ['source']),
                legend: '{{source}}',
              },
            ],
          }),
          timeSeries({
            title: 'Ingest lag',
            description:
              'Delay between a span ending and the collector ingesting it (p50, p95). High values mean metrics lag behind the hooks.',
            unit: 's',
            thresholdLines: true,
            steps: aboveSteps(config.collector.ingest_lag_seconds),
            queries: [0.5, 0.95].map((q) => ({
              expr: quantile(q, COLLECTOR_INGEST_LAG),
              legend: `p${q * 100}`,
            })),
            links: [runbookLink(config, 'HookscopeIngestLagHigh')],
          }),
          timeSeries({
            title: 'Spool backlog',
            description: 'Bytes in the spool not consumed yet, and spool files on disk.',
            unit: 'bytes',
            queries: [{ expr: gaugeMax(plain(COLLECTOR_BACKLOG_BYTES)), legend: 'backlog bytes' }],
          }),
          timeSeries({
            title: 'Spool files',
            description:
              'Spool files on disk, consumed or not (consumed files are deleted after --retain).',
            unit: 'short',
            queries: [{ expr: gaugeMax(plain(COLLECTOR_SPOOL_FILES)), legend: 'files' }],
          }),
          timeSeries({
            title: 'Rejected input',
            description:
              'Spool lines skipped (invalid JSON, not OTLP, truncated, oversized) and spans skipped inside valid requests, per second by reason. Anything above zero means a writer is broken.',
            unit: 'ops',
            queries: [
              {
                expr: zeroWhileScraped(sumRate(plain(COLLECTOR_LINES_REJECTED), ['reason'])),
                legend: 'line: {{reason}}',
              },
              {
                expr: zeroWhileScraped(sumRate(plain(COLLECTOR_SPANS_REJECTED), ['reason'])),
                legend: 'span: {{reason}}',
              },
            ],
            links: [runbookLink(config, 'HookscopeSpoolLinesRejected')],
          }),
          timeSeries({
            title: 'OTLP requests',
            description:
              'Requests per second the OTLP/HTTP receiver answered (Claude Code, other SDKs), by signal, encoding and HTTP status: 4xx means a sender sends malformed or oversized requests.',
            unit: 'ops',
            queries: [
              {
                expr: zeroWhileScraped(
                  sumRate(plain(COLLECTOR_OTLP_REQUESTS), ['signal', 'encoding', 'code']),
                ),
                legend: '{{signal}} {{encoding}} {{code}}',
              },
            ],
          }),
          timeSeries({
            title: 'OTLP records',
            description:
              'Metric data points and log records per second received over OTLP, by result: used, unknown (a metric or event hookscope does not map), invalid.',
            unit: 'ops',
            queries: [
              {
                expr: zeroWhileScraped(
                  sumRate(plain(COLLECTOR_OTLP_RECORDS), ['signal', 'result']),
                ),
                legend: '{{signal}} {{result}}',
              },
            ],
          }),
          timeSeries({
            title: 'Label overflow',
            description:
              'Observations per second folded into the `other` series because a metric hit its series cap, by metric: some label (a hook name?) has too many values.',
            unit: 'ops',
            queries: [
              {
                expr: zeroWhileScraped(sumRate(plain(COLLECTOR_LABEL_OVERFLOW), ['metric'])),
                legend: '{{metric}}',
              },
            ],
            links: [runbookLink(config, 'HookscopeLabelOverflow')],
          }),
          timeSeries({
            title: 'Collector CPU',
            description: 'CPU time of the collector process per second (1 = one core), by mode.',
            unit: 'percentunit',
            stack: true,
            queries: [
              {
                expr: sumRate(plain(hostMetric('process_cpu_time_seconds_total')), ['cpu_mode']),
                legend: '{{cpu_mode}}',
              },
            ],
          }),
          timeSeries({
            title: 'Collector memory',
            description: 'Resident memory of the collector process.',
            unit: 'bytes',
            queries: [
              { expr: gaugeMax(plain(hostMetric('process_memory_usage_bytes'))), legend: 'rss' },
            ],
          }),
        ],
      },
      {
        title: 'Host',
        panels: [
          timeSeries({
            title: 'Host CPU',
            description:
              'CPU time per second of all logical CPUs by mode (1 = one core busy). Hooks compete with the agent and everything else for these cores.',
            unit: 'short',
            stack: true,
            queries: [
              {
                expr: sumRate(plain(hostMetric('system_cpu_time_seconds_total')), ['cpu_mode'], {
                  'cpu_mode!': 'idle',
                }),
                legend: '{{cpu_mode}}',
              },
            ],
          }),
          timeSeries({
            title: 'Host memory',
            description: 'Host memory by state (used, free).',
            unit: 'bytes',
            stack: true,
            queries: [
              {
                expr: gaugeMax(plain(hostMetric('system_memory_usage_bytes')), [
                  'system_memory_state',
                ]),
                legend: '{{system_memory_state}}',
              },
            ],
          }),
          timeSeries({
            title: 'Network traffic',
            description: 'Bytes per second received and transmitted, by device.',
            unit: 'Bps',
            queries: [
              {
                expr: sumRate(plain(hostMetric('system_network_io_bytes_total')), [
                  'system_device',
                  'network_io_direction',
                ]),
                legend: '{{system_device}} {{network_io_direction}}',
              },
            ],
          }),
        ],
      },
    ],
  };
}
