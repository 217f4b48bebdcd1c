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
  type ReportFormat,
} from '@hookscope/report';
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
    },
    HELP,
  );
  if (!flags) return 0;
  const loaded = loadConfig({ path: flags.config });
  const targets = {
    ...targetsFromConfig(loaded.config),
    ...(flags.prometheus !== undefined ? { prometheusUrl: flags.prometheus } : {}),
  };
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
