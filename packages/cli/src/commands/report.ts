import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { loadConfig } from '@hookscope/config';
import {
  buildReport,
  checkPrometheusUrl,
  FORMATS,
  parseEnd,
  renderReport,
  reportPeriods,
  ReportError,
  targetsFromConfig,
  LIVE_WINDOWS,
  type LiveWindow,
  type ReportFormat,
  type ReportTargets,
} from '@hookscope/report';
import { DashboardAddressError, refreshFlag, serveDashboard } from '../dashboard.js';
import { terminalProgress } from '../progress.js';
import { intFlag, parseFlags, UsageError } from '../usage.js';

const HELP = `usage: hookscope report [options]

Queries Prometheus and writes a performance report: a scorecard against the targets in
hookscope.config.yaml, the hooks that take the most time, regressions against a baseline, and
recommendations that follow from those numbers.

options:
  --window DUR       period reported on, ending at --end (default 24h; e.g. 7d, 30d)
  --baseline DUR     period right before the window that it is compared with
                     (default: regression.baseline of the config, 7d)
  --end TIME         end of the window: RFC 3339 or unix seconds (default now)
  --format FMT       md, html or json (default: from --out's extension, else md)
  --out FILE         write the report to FILE (default: standard output)
  --prometheus URL   Prometheus base URL (default: http:// + prometheus.address of the config,
                     http://127.0.0.1:9090)
  --config FILE      config file (default: hookscope.config.yaml in the current directory or the
                     nearest parent up to the project root; env HOOKSCOPE_CONFIG; none: the defaults)
  --timeout SECONDS  time limit per Prometheus request (default 60)

live page (instead of a file):
  --serve            serve the report as a page that refreshes itself, with the firing and
                     pending alerts and the scrape targets' health, until Ctrl-C; --window is
                     the window it opens with (15m, 1h, 24h or 7d; default 1h)
  --listen ADDR      where to serve it (default 127.0.0.1:9465; port 0: any free port)
  --refresh S        seconds between refreshes (default 5)
  --alertmanager URL Alertmanager whose view of the alerts is shown (default: the one
                     Prometheus sends its alerts to)

Progress is shown on a terminal. Exit status: 0 report written, 1 Prometheus unreachable, no
data for the window or a bad config file, 2 bad options.`;

export async function run(args: string[]): Promise<number> {
  const flags = parseFlags(
    args,
    {
      window: { type: 'string' },
      baseline: { type: 'string' },
      end: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      prometheus: { type: 'string' },
      config: { type: 'string' },
      timeout: { type: 'string' },
      serve: { type: 'boolean' },
      listen: { type: 'string' },
      refresh: { type: 'string' },
      alertmanager: { type: 'string' },
    },
    HELP,
  );
  if (!flags) return 0;
  if (!flags.serve) {
    for (const f of ['listen', 'refresh', 'alertmanager'] as const) {
      if (flags[f] !== undefined) throw new UsageError(`--${f} goes with --serve`);
    }
  } else {
    for (const f of ['end', 'format', 'out'] as const) {
      if (flags[f] !== undefined) {
        throw new UsageError(`--${f} does not go with --serve (the live page ends its window now)`);
      }
    }
  }
  const loaded = loadConfig({ path: flags.config });
  const targets = {
    ...targetsFromConfig(loaded.config),
    ...(flags.prometheus !== undefined ? { prometheusUrl: flags.prometheus } : {}),
  };
  if (flags.serve) return serve(flags, targets);
  const format = reportFormat(flags.format, flags.out);
  const timeout = intFlag('timeout', flags.timeout, 1, 3600);
  const window = flags.window ?? '24h';
  const baseline = flags.baseline ?? targets.regression.baseline;
  let end: number;
  try {
    end = parseEnd(flags.end, Date.now() / 1000);
    // Bad durations and URLs are usage errors, found before any query.
    reportPeriods(end, window, baseline);
    checkPrometheusUrl(targets.prometheusUrl);
  } catch (err) {
    if (err instanceof ReportError) throw new UsageError(err.message);
    throw err;
  }

  const progress = terminalProgress(process.stderr, 'hookscope report: querying Prometheus');
  let report;
  try {
    report = await buildReport({
      targets,
      window,
      baseline,
      end,
      timeoutMs: timeout === undefined ? undefined : timeout * 1000,
      onProgress: (done, total, q) => progress.update(done, total, q.label),
    });
  } catch (err) {
    progress.done();
    if (err instanceof ReportError) {
      process.stderr.write(`hookscope report: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  progress.done();
  for (const note of report.notes) process.stderr.write(`hookscope report: note: ${note}\n`);
  const text = renderReport(report, format);
  if (flags.out === undefined) {
    process.stdout.write(text);
    return 0;
  }
  try {
    writeFileSync(flags.out, text);
  } catch (err) {
    process.stderr.write(
      `hookscope report: cannot write ${flags.out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`,
    );
    return 1;
  }
  process.stderr.write(`hookscope report: wrote ${flags.out} (${format})\n`);
  return 0;
}

async function serve(
  flags: {
    window?: string;
    baseline?: string;
    listen?: string;
    refresh?: string;
    alertmanager?: string;
    timeout?: string;
  },
  targets: ReportTargets,
): Promise<number> {
  const window = flags.window ?? '1h';
  if (!(LIVE_WINDOWS as readonly string[]).includes(window)) {
    throw new UsageError(
      `--window must be one of ${LIVE_WINDOWS.join(', ')} with --serve, got '${window}'`,
    );
  }
  const refreshSeconds = refreshFlag(flags.refresh);
  const timeout = intFlag('timeout', flags.timeout, 1, 3600);
  try {
    reportPeriods(0, window, flags.baseline ?? targets.regression.baseline);
    checkPrometheusUrl(targets.prometheusUrl);
  } catch (err) {
    if (err instanceof ReportError) throw new UsageError(err.message);
    throw err;
  }
  if (flags.alertmanager !== undefined && !/^https?:\/\/[^/\s]+/.test(flags.alertmanager)) {
    throw new UsageError(
      `--alertmanager must be an http(s) URL such as http://127.0.0.1:9093, got '${flags.alertmanager}'`,
    );
  }
  let served;
  try {
    served = await serveDashboard({
      targets,
      address: flags.listen,
      flag: 'listen',
      refreshSeconds,
      window: window as LiveWindow,
      baseline: flags.baseline,
      alertmanagerUrl: flags.alertmanager,
      timeoutMs: timeout === undefined ? undefined : timeout * 1000,
    });
  } catch (err) {
    if (err instanceof DashboardAddressError) {
      process.stderr.write(`hookscope report: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const { dashboard, note } = served;
  if (note) process.stderr.write(`hookscope report: note: ${note}\n`);
  process.stdout.write(
    `hookscope report: serving the live report of ${targets.prometheusUrl} on ${dashboard.url} (Ctrl-C stops)\n` +
      JSON.stringify({ ready: true, dashboard: dashboard.url, prometheus: targets.prometheusUrl }) +
      '\n',
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  await dashboard.close();
  process.stdout.write(`hookscope report: ${signal}, stopped\n`);
  return 0;
}

function reportFormat(flag: string | undefined, out: string | undefined): ReportFormat {
  if (flag !== undefined) {
    if (!(FORMATS as readonly string[]).includes(flag)) {
      throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got '${flag}'`);
    }
    return flag as ReportFormat;
  }
  const ext = out ? extname(out).toLowerCase() : '';
  return ext === '.html' || ext === '.htm' ? 'html' : ext === '.json' ? 'json' : 'md';
}
