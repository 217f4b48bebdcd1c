import * as z from 'zod';
import { HOOK_DURATION_BUCKETS } from '@hookscope/catalog';
import { durationSeconds, formatDuration } from './durations.js';
import {
  address,
  count,
  duration,
  forDurations,
  ratio,
  ratioValue,
  section,
  thresholds,
} from './fields.js';
import { alertmanagerSection, checkAlertmanagerAddresses } from './alertmanager-schema.js';
import { remoteWriteSection } from './remote-write-schema.js';

/**
 * The schema of hookscope.config.yaml: every key, its type, default and meaning. The documented
 * defaults file, the JSON Schema and the loader's checks all come from here.
 */

/** The rate window of the rules that dashboards and reports read (`..._rate5m`). */
export const BASE_RATE_WINDOW = '5m';
/** Prometheus needs at least this many scrapes inside a rate window to compute a rate reliably. */
export const SCRAPES_PER_RATE_WINDOW = 4;

const collector = section(
  'The collector: where it serves /metrics, and when its own health alerts fire.',
  {
    address: address(
      '127.0.0.1:9464',
      'host:port of the collector /metrics, scraped by Prometheus as job "hookscope".',
    ),
    down_for: duration(
      '2m',
      'How long the collector may be unreachable before HookscopeCollectorDown fires.',
    ),
    backlog_age_seconds: thresholds(
      'above',
      { warning: 300, critical: 1800 },
      'Age of the oldest unread spool data, while the backlog keeps growing (HookscopeSpoolBacklogGrowing).',
    ),
    backlog_for: forDurations(
      { warning: '10m', critical: '3m' },
      'How long the backlog must stay old and growing before HookscopeSpoolBacklogGrowing fires.',
    ),
    rejected_lines_per_hour: count(
      1,
      'Spool lines rejected (invalid, truncated, oversized) in an hour before HookscopeSpoolLinesRejected fires.',
    ),
    ingest_lag_seconds: thresholds(
      'above',
      { warning: 60, critical: 600 },
      'p95 delay between a span ending and the collector ingesting it (HookscopeIngestLagHigh).',
    ),
    ingest_lag_for: forDurations(
      { warning: '10m', critical: '3m' },
      'How long the ingest lag must stay above a threshold before HookscopeIngestLagHigh fires.',
    ),
  },
);

const prometheus = section(
  'Prometheus: the generated prometheus/prometheus.yml and the flags hookscope starts it with.',
  {
    address: address(
      '127.0.0.1:9090',
      'host:port Prometheus listens on; it scrapes itself there as job "prometheus".',
    ),
    scrape_interval: duration(
      '15s',
      'How often Prometheus scrapes the collector, itself and Alertmanager.',
    ),
    evaluation_interval: duration(
      '15s',
      'How often Prometheus evaluates the recording and alerting rules.',
    ),
    retention: section(
      'How much history Prometheus keeps (its --storage.tsdb.retention.* flags).',
      {
        days: count(
          30,
          'Days of history kept; at least the regression baseline and the SLO period.',
        ),
        size: z
          .string()
          .regex(/^\d+(?:B|KB|MB|GB|TB|PB)$/, { error: 'must be a size such as 512MB or 2GB' })
          .default('1GB')
          .meta({
            description:
              'Disk space after which the oldest history is dropped (B, KB, MB, GB, TB).',
          }),
      },
    ),
  },
);

const alerts = section('What every generated alert shares.', {
  runbook_url: z
    .url({ error: 'must be an absolute URL, e.g. https://example.com/runbook.md' })
    .default('https://github.com/hookscope/hookscope/blob/main/docs/runbook.md')
    .meta({
      description:
        'The runbook; each alert links to its section (runbook_url annotation: <url>#<alertname>).',
    }),
  window: duration(
    '15m',
    'Window of the threshold alerts on hook latency and success ratio (long enough to hold several runs of a sporadic hook).',
  ),
  min_executions: count(
    3,
    'A hook needs at least this many executions in the window before its threshold alerts judge it.',
  ),
  critical_notified_within: duration(
    '5m',
    'A critical breach must be notified within this long (default 5 minutes: later than that, a page no longer prevents the damage). Checked against the config: every critical `for`, plus prometheus.scrape_interval and evaluation_interval, plus the longer of alertmanager.timing.critical group_wait and group_interval, must fit.',
  ),
  escalate_after: duration(
    '30m',
    'A critical alert still firing this long after it fired is escalated: a copy of its rule with this much longer `for` and the label escalation="true" notifies the receivers of tier escalation.',
  ),
  grafana_url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. http://127.0.0.1:3000' })
    .default('http://127.0.0.1:3000')
    .meta({
      description: 'Grafana the notifications link to (the dashboard of the alert, its hook).',
    }),
});

const hookBuckets = HOOK_DURATION_BUCKETS.join(', ');

const hooks = section(
  'Hook executions: latency and success thresholds (defaults: warning 20 s, critical 40 s, for a hook budget of 30 s; success 0.9 / 0.8).',
  {
    latency_seconds: thresholds(
      'above',
      { warning: 20, critical: 40 },
      'p95 hook execution time over alerts.window (HookLatencyHigh).',
    ),
    latency_for: forDurations(
      { warning: '4m', critical: '3m' },
      'How long the p95 must stay above a threshold before HookLatencyHigh fires (critical 3m: even after a sudden slowdown, which the 15m p95 shows within a minute, it is notified within 5 minutes).',
    ),
    budget_seconds: z
      .number()
      .refine((v) => (HOOK_DURATION_BUCKETS as readonly number[]).includes(v), {
        error: `must be one of the hookscope_hook_duration_seconds bucket bounds (${hookBuckets}) so that the latency SLO counts executions exactly`,
      })
      .default(30)
      .meta({
        description: `Execution time budget of one hook run: the latency SLO counts runs longer than this as bad. One of the histogram bucket bounds: ${hookBuckets}.`,
      }),
    success_ratio: thresholds(
      'below',
      { warning: 0.9, critical: 0.8 },
      'Share of executions that succeed (outcome success or blocked) over alerts.window (HookSuccessRatioLow).',
      ratioValue,
    ),
    success_for: forDurations(
      { warning: '4m', critical: '1m' },
      'How long the success ratio must stay below a threshold before HookSuccessRatioLow fires (critical 1m: when every run starts failing, the 15m ratio falls below 0.8 after 3 minutes, so it is notified within 5 minutes).',
    ),
  },
);

const slo = section(
  'Service level objectives per hook, alerted with multi-window multi-burn-rate rules (page: 1h/5m at 14.4x and 6h/30m at 6x; ticket: 1d/2h at 3x and 3d/6h at 1x).',
  {
    period: duration('28d', 'The SLO period the error budget is counted over.'),
    latency_objective: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.99)
      .meta({ description: 'Share of executions that must finish within hooks.budget_seconds.' }),
    success_objective: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.99)
      .meta({ description: 'Share of executions that must succeed (outcome success or blocked).' }),
  },
);

const regression = section(
  'Regression detection: p95 now against the same hour of the baseline, and the sustained trend.',
  {
    threshold_ratio: z.number().positive().default(0.2).meta({
      description: 'How much slower than the baseline counts as a regression (0.2 = 20% slower).',
    }),
    baseline: duration(
      '7d',
      'How far back the baseline is: the same hour this long ago (7d compares like weekdays).',
    ),
    window: duration('1h', 'Window the p95 is computed over, now and in the baseline.'),
    for: duration('30m', 'How long the regression must last before HookLatencyRegression fires.', {
      allowZero: true,
    }),
    min_executions: count(
      10,
      'Executions needed in the window, now and in the baseline, before comparing.',
    ),
    trend_lookback: duration(
      '6h',
      'History the latency trend is fitted over (HookLatencyTrendToBudget).',
    ),
    trend_horizon: duration(
      '1d',
      'HookLatencyTrendToBudget fires when the trend reaches hooks.budget_seconds within this time.',
    ),
  },
);

const overhead = section(
  'Costs capped as a share of hook time: what monitoring and validation may add to a hook.',
  {
    monitoring_max_ratio: ratio(
      0.05,
      'Time hookscope itself adds to hooks, as a share of hook time (HookscopeOverheadHigh).',
    ),
    validation_max_ratio: ratio(
      0.2,
      'Time spent in validators, as a share of hook time (ValidationOverheadHigh).',
    ),
    window: duration('1h', 'Window the shares are computed over.'),
    for: duration('15m', 'How long a share must stay above its cap before the alert fires.', {
      allowZero: true,
    }),
  },
);

const testing = section(
  'Intelligent test selection (a good selection saves 60-80% of the full suite time).',
  {
    time_reduction_ratio: z
      .strictObject({
        min: ratio(
          0.6,
          'Alert (TestSelectionSavingsLow) when selection saves less than this share of full-suite time.',
        ),
        max: ratio(
          0.8,
          'Upper end of the target range; saving more is reported, not alerted (watch missed failures).',
        ),
      })
      .superRefine((t, ctx) => {
        if (t.min > t.max)
          ctx.addIssue({
            code: 'custom',
            path: ['min'],
            message: `must not be above max (${t.max}), got ${t.min}`,
          });
      })
      .prefault({})
      .meta({ description: 'Target share of test time saved by selection.' }),
    window: duration(
      '1d',
      'Window savings and missed failures are summed over (a suite may be selected only a few times a day).',
    ),
    for: duration(
      '1h',
      'How long savings must stay below the target before TestSelectionSavingsLow fires.',
      { allowZero: true },
    ),
  },
);

const caches = section('Caches used inside hooks.', {
  min_hit_ratio: ratio(
    0.5,
    'Alert (CacheHitRatioLow) when a cache answers fewer lookups than this share from cache.',
  ),
  window: duration('1h', 'Window the hit ratio is computed over.'),
  min_lookups: count(10, 'Lookups a cache needs in the window before CacheHitRatioLow judges it.'),
  for: duration('30m', 'How long the hit ratio must stay low before CacheHitRatioLow fires.', {
    allowZero: true,
  }),
});

const conversations = section(
  'Agent conversations (tactical responses: warning 1.5 s, critical 3 s).',
  {
    response_seconds: z
      .record(
        z.string().regex(/^[a-z][a-z0-9_]*$/, {
          error: 'process types are lower-case words such as tactical',
        }),
        thresholds(
          'above',
          { warning: 1.5, critical: 3 },
          'p95 response time of this process type.',
          () => z.number().positive(),
        ),
      )
      .default({ tactical: { warning: 1.5, critical: 3 }, strategic: { warning: 5, critical: 10 } })
      .meta({
        description:
          'p95 response time thresholds per process type (ConversationResponseSlow); types not listed are not alerted.',
      }),
    compression_saved_ratio: thresholds(
      'below',
      { warning: 0.7, critical: 0.5 },
      'Median share of context tokens a compression removes (1 - after/before); low means compression stopped working (CompressionIneffective).',
      ratioValue,
    ),
    compression_window: duration(
      '6h',
      'Window the compression median is computed over (compressions are rare).',
    ),
    min_compressions: count(
      3,
      'Compressions a process type needs in the window before CompressionIneffective judges it.',
    ),
    restarts_per_hour: thresholds(
      'above',
      { warning: 3, critical: 10 },
      'Agent process restarts per hour, per process type (AgentRestartsFrequent).',
    ),
    restart_min_success_ratio: ratio(
      0.9,
      'Share of restarts that must succeed (AgentRestartsFailing).',
    ),
    for: forDurations(
      { warning: '10m', critical: '3m' },
      'How long a conversation threshold must be crossed before its alert fires (AgentRestartsFailing, a warning only, waits the warning time).',
    ),
  },
);

/** Where `hookscope generate` writes; `hookscope up` needs none of it. */
const generate = section(
  'Where `hookscope generate` writes the rules, prometheus.yml, the Alertmanager config, the dashboards and docker-compose.yml (to commit, or to run with Docker). It writes only into this directory and never replaces a file it did not write.',
  {
    dir: z
      .string()
      .min(1, { error: 'must name a directory, e.g. monitoring' })
      .default('monitoring')
      .meta({ description: 'The directory, relative to this file (or absolute).' }),
  },
);

export const configSchema = z
  .strictObject({
    collector,
    prometheus,
    alertmanager: alertmanagerSection,
    alerts,
    hooks,
    slo,
    regression,
    overhead,
    testing,
    caches,
    conversations,
    remote_write: remoteWriteSection,
    generate,
  })
  .superRefine((c, ctx) => {
    checkAlertmanagerAddresses(c.alertmanager, ctx);
    // Settings that are each valid but together would leave a rule that can never fire.
    const secs = (d: string) => durationSeconds(d)!;
    const retention = c.prometheus.retention.days * 86400;
    const needed = Math.max(
      secs(c.regression.baseline) + secs(c.regression.window),
      secs(c.slo.period),
    );
    if (retention < needed) {
      ctx.addIssue({
        code: 'custom',
        path: ['prometheus', 'retention', 'days'],
        message: `must cover regression.baseline + regression.window (${c.regression.baseline} + ${c.regression.window}) and slo.period (${c.slo.period}): at least ${Math.ceil(needed / 86400)}, got ${c.prometheus.retention.days}`,
      });
    }
    const shortest = Math.min(secs(BASE_RATE_WINDOW), secs(c.alerts.window));
    const limit = shortest / SCRAPES_PER_RATE_WINDOW;
    if (secs(c.prometheus.scrape_interval) > limit) {
      ctx.addIssue({
        code: 'custom',
        path: ['prometheus', 'scrape_interval'],
        message: `must be at most ${formatDuration(limit)} so that the shortest rate window (${formatDuration(shortest)}: the ${BASE_RATE_WINDOW} rules and alerts.window ${c.alerts.window}) holds ${SCRAPES_PER_RATE_WINDOW} scrapes, got ${c.prometheus.scrape_interval}`,
      });
    }
  });

/** hookscope.config.yaml as loaded: every key present, defaults filled in. */
export type HookscopeConfig = z.output<typeof configSchema>;
/** What a user may write: every key optional. */
export type HookscopeConfigInput = z.input<typeof configSchema>;
