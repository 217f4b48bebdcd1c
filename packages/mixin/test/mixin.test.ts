import { describe, expect, it } from 'vitest';
import {
  criticalNotificationWait,
  defaultConfig,
  durationSeconds,
  parseConfig,
} from '@hookscope/config';
import {
  isAlert,
  isEscalation,
  metricNamesIn,
  prometheusArtifacts,
  prometheusFlags,
  ruleFiles,
  runbookAnchor,
  unknownMetricReferences,
  type AlertingRule,
  type RecordingRule,
  type RuleFile,
} from '@hookscope/mixin';

const rules = (files: RuleFile[]) => files.flatMap((f) => f.groups.flatMap((g) => g.rules));
const alerts = (files: RuleFile[]) => rules(files).filter(isAlert);
const recordings = (files: RuleFile[]) =>
  rules(files).filter((r): r is RecordingRule => !isAlert(r));

describe('metricNamesIn', () => {
  it('finds selected metrics, not functions, aggregations, labels, keywords or durations', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.95, sum by (le, hook_name) (rate(a_bucket{le=~"30(\\\\.0)?", x="y z"}[5m])))\n' +
          '> 1.2 * (b offset 7d) and on (hook_event) c:d:rate5m * 900 >= 3 unless absent(up{job="x"}) or 1e3 > bool e',
      ).sort(),
    ).toEqual(['a_bucket', 'b', 'c:d:rate5m', 'e', 'up']);
  });
});

describe('generated rules (default config)', () => {
  const files = ruleFiles(defaultConfig());

  it('notify every critical alert within alerts.critical_notified_within (default 5 minutes)', () => {
    const config = defaultConfig();
    const wait = criticalNotificationWait(config);
    const longest = wait.scrapeAndEvaluation + Math.max(wait.groupWait, wait.groupInterval);
    const late = alerts(files)
      .filter((a) => a.labels.severity === 'critical' && !isEscalation(a))
      .filter(
        (a) =>
          durationSeconds(a.for ?? '0s')! + longest >
          durationSeconds(config.alerts.critical_notified_within)!,
      )
      .map((a) => `${a.alert} for ${a.for}`);
    expect(config.alerts.critical_notified_within).toBe('5m');
    expect(late).toEqual([]);
  });

  it('give each severity its own `for` from the config', () => {
    const custom = ruleFiles(
      parseConfig(
        [
          'hooks: { latency_for: { warning: 7m, critical: 2m }, success_for: { warning: 8m, critical: 30s } }',
          'conversations: { for: { warning: 20m, critical: 1m } }',
          'collector: { backlog_for: { warning: 15m, critical: 4m }, ingest_lag_for: { warning: 12m, critical: 2m } }',
        ].join('\n'),
      ),
    );
    const forOf = (name: string) =>
      Object.fromEntries(
        alerts(custom)
          .filter((a) => a.alert === name && !isEscalation(a))
          .map((a) => [a.labels.severity, a.for]),
      );
    expect(forOf('HookLatencyHigh')).toEqual({ warning: '7m', critical: '2m' });
    expect(forOf('HookSuccessRatioLow')).toEqual({ warning: '8m', critical: '30s' });
    expect(forOf('CompressionIneffective')).toEqual({ warning: '20m', critical: '1m' });
    expect(forOf('AgentRestartsFrequent')).toEqual({ warning: '20m', critical: '1m' });
    expect(forOf('AgentRestartsFailing')).toEqual({ warning: '20m' });
    expect(forOf('HookscopeSpoolBacklogGrowing')).toEqual({ warning: '15m', critical: '4m' });
    expect(forOf('HookscopeIngestLagHigh')).toEqual({ warning: '12m', critical: '2m' });
  });

  it('name only metrics the catalog lists or other rules record', () => {
    expect(unknownMetricReferences(files)).toEqual([]);
  });

  it('catch a rule naming a metric the collector does not expose', () => {
    const bogus: RuleFile = {
      file: 'x.yml',
      description: '',
      groups: [
        {
          name: 'x',
          rules: [{ record: 'job:x:rate5m', expr: 'rate(hookscope_hook_runs_total[5m])' }],
        },
      ],
    };
    expect(unknownMetricReferences([...files, bogus])).toEqual([
      { rule: 'job:x:rate5m', metric: 'hookscope_hook_runs_total' },
    ]);
  });

  it('record series named level:metric:operations', () => {
    for (const r of recordings(files)) expect(r.record).toMatch(/^[a-z_]+:[a-z0-9_]+:[a-z0-9_]+$/);
  });

  it('give every alert a CamelCase name, a severity, a static summary, a description with the value and a runbook link', () => {
    // These fire on a missing or dead target: there is no value worth showing.
    const noValue = new Set(['HookscopeCollectorDown', 'HookscopeCollectorAbsent']);
    for (const a of alerts(files)) {
      expect(a.alert).toMatch(/^[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+$/);
      expect(['warning', 'critical']).toContain(a.labels.severity);
      expect(a.annotations.summary).not.toContain('{{');
      expect(a.annotations.description).toContain('{{');
      if (!noValue.has(a.alert)) expect(a.annotations.description).toContain('$value');
      expect(a.annotations.runbook_url).toBe(
        `${defaultConfig().alerts.runbook_url}#${runbookAnchor(a.alert)}`,
      );
    }
  });

  it('raise threshold alerts at both severities, with the configured thresholds', () => {
    const pair = (name: string) =>
      alerts(files).filter((a) => a.alert === name && !isEscalation(a));
    const [warning, critical] = pair('HookLatencyHigh') as [AlertingRule, AlertingRule];
    expect([warning.labels.severity, critical.labels.severity]).toEqual(['warning', 'critical']);
    expect(warning.expr).toContain('hook:hookscope_hook_duration_seconds:p95_rate15m > 20\n');
    expect(critical.expr).toContain('hook:hookscope_hook_duration_seconds:p95_rate15m > 40\n');
    expect(pair('HookSuccessRatioLow').map((a) => a.expr.split('\n')[0])).toEqual([
      'hook:hookscope_hook_success:ratio_rate15m < 0.9',
      'hook:hookscope_hook_success:ratio_rate15m < 0.8',
    ]);
    expect(
      pair('HookLatencyErrorBudgetBurn').map((a) => `${a.labels.severity}/${a.labels['tier']}`),
    ).toEqual(['critical/page', 'warning/ticket']);
  });

  it('alert on recorded series that some rule records', () => {
    const recorded = new Set(recordings(files).map((r) => r.record));
    for (const a of alerts(files)) {
      for (const name of metricNamesIn(a.expr).filter((n) => n.includes(':')))
        expect(recorded).toContain(name);
    }
  });
});

describe('a custom config', () => {
  const config = parseConfig(`
alerts:
  window: 10m
  min_executions: 5
hooks:
  latency_seconds: { warning: 5, critical: 10 }
  budget_seconds: 2.5
slo:
  latency_objective: 0.995
regression:
  threshold_ratio: 0.5
  window: 2h
prometheus:
  retention: { days: 45, size: 10GB }
`);
  const files = ruleFiles(config);

  it('changes the thresholds, windows and objectives in the rules', () => {
    const text = JSON.stringify(files);
    expect(text).toContain('hook:hookscope_hook_duration_seconds:p95_rate10m > 5\\n');
    expect(text).toContain('hook:hookscope_hook_duration_seconds_count:rate10m * 600 >= 5');
    expect(text).toContain('hookscope_hook_duration_seconds_bucket{le=\\"2.5\\"}');
    expect(text).toContain('ratio_rate5m{slo=\\"hook-latency\\"} / 0.005 > 14.4');
    expect(text).toContain('> 1.5 * (hook:hookscope_hook_duration_seconds:p95_rate2h offset 7d)');
    expect(unknownMetricReferences(files)).toEqual([]);
  });

  it('records the extra windows the alerts use, besides 5m and 1h', () => {
    const windows = new Set(
      recordings(files).flatMap(
        (r) => /^hook:hookscope_hook_duration_seconds:p95_rate(\w+)$/.exec(r.record)?.[1] ?? [],
      ),
    );
    expect([...windows]).toEqual(['5m', '10m', '1h', '2h']);
  });

  it('sets the Prometheus flags and prometheus.yml from the config', () => {
    expect(prometheusFlags(config)).toEqual([
      '--web.listen-address=127.0.0.1:9090',
      '--storage.tsdb.retention.time=45d',
      '--storage.tsdb.retention.size=10GB',
    ]);
    const yml = prometheusArtifacts(config).find(
      (f) => f.path === 'prometheus/prometheus.yml',
    )!.content;
    expect(yml).toContain('--storage.tsdb.retention.time=45d');
  });
});

describe('conversation alerts', () => {
  it('exist for the process types the config lists, and read compression as the share kept', () => {
    const config = parseConfig(`
conversations:
  response_seconds:
    planner: { warning: 2, critical: 4 }
  compression_saved_ratio: { warning: 0.8, critical: 0.6 }
`);
    const list = alerts(ruleFiles(config)).filter((a) => !isEscalation(a));
    const slow = list.filter((a) => a.alert === 'ConversationResponseSlow');
    expect(slow.map((a) => `${a.labels['process_type']}/${a.labels.severity}`)).toEqual([
      'planner/warning',
      'planner/critical',
    ]);
    expect(slow[0]!.expr).toContain('{process_type="planner"} > 2\n');
    const compression = list.filter((a) => a.alert === 'CompressionIneffective');
    // Removing less than 80% means keeping more than 20%.
    expect(compression.map((a) => a.expr.split('\n')[0])).toEqual([
      'process_type:hookscope_conversation_compression_ratio:p50_rate6h > 0.2',
      'process_type:hookscope_conversation_compression_ratio:p50_rate6h > 0.4',
    ]);
  });
});

describe('prometheusArtifacts', () => {
  it('is deterministic: the same config gives the same bytes', () => {
    expect(prometheusArtifacts(defaultConfig())).toEqual(prometheusArtifacts(parseConfig('')));
  });
});
