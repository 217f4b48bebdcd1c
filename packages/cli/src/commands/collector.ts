import {
  CollectorConfigError,
  COLLECTOR_DEFAULTS,
  isLoopbackHost,
  startCollector,
} from '@hookscope/collector';
import { intFlag, parseFlags } from '../usage.js';

const HELP = `usage: hookscope collector [options]

Runs the collector in the foreground: reads the spool, serves Prometheus metrics, stops cleanly
on Ctrl-C (SIGINT) or SIGTERM.

options:
  --host ADDR        address of /metrics (default ${COLLECTOR_DEFAULTS.host}; env HOOKSCOPE_COLLECTOR_HOST)
  --port N           port of /metrics (default ${COLLECTOR_DEFAULTS.port}; 0 picks a free port; env HOOKSCOPE_COLLECTOR_PORT)
  --spool-dir DIR    spool to read (default ~/.local/state/hookscope/spool; env HOOKSCOPE_SPOOL_DIR)
  --state-dir DIR    checkpoint and lock (default ~/.local/state/hookscope/collector; env HOOKSCOPE_STATE_DIR)
  --retain SECONDS   keep consumed spool files this long (default 0)
  --no-host-metrics  do not collect host metrics

OTLP/HTTP receiver (Claude Code's own telemetry, any OpenTelemetry SDK):
  --otlp-host ADDR   address (default ${COLLECTOR_DEFAULTS.otlpHost}; env HOOKSCOPE_OTLP_HOST)
  --otlp-port N      port (default ${COLLECTOR_DEFAULTS.otlpPort}; 0 picks a free port; env HOOKSCOPE_OTLP_PORT)
  --otlp-max-body-bytes N
                     largest request accepted, compressed or not (default ${COLLECTOR_DEFAULTS.otlpMaxBodyBytes})
  --no-otlp          do not run the receiver
  --claude-code-id-labels
                     label Claude Code's counters with session_id and user_id (high cardinality)`;

export async function run(args: string[]): Promise<number> {
  const flags = parseFlags(
    args,
    {
      host: { type: 'string' },
      port: { type: 'string' },
      'spool-dir': { type: 'string' },
      'state-dir': { type: 'string' },
      retain: { type: 'string' },
      'no-host-metrics': { type: 'boolean' },
      'otlp-host': { type: 'string' },
      'otlp-port': { type: 'string' },
      'otlp-max-body-bytes': { type: 'string' },
      'no-otlp': { type: 'boolean' },
      'claude-code-id-labels': { type: 'boolean' },
    },
    HELP,
  );
  if (!flags) return 0;
  let collector;
  try {
    collector = await startCollector({
      host: flags.host,
      port: intFlag('port', flags.port, 0, 65535),
      spoolDir: flags['spool-dir'],
      stateDir: flags['state-dir'],
      retainSeconds: intFlag('retain', flags.retain, 0, 10 * 365 * 86400),
      hostMetrics: !flags['no-host-metrics'],
      otlp: !flags['no-otlp'],
      otlpHost: flags['otlp-host'],
      otlpPort: intFlag('otlp-port', flags['otlp-port'], 0, 65535),
      otlpMaxBodyBytes: intFlag(
        'otlp-max-body-bytes',
        flags['otlp-max-body-bytes'],
        1024,
        1024 * 1024 * 1024,
      ),
      claudeCodeIdLabels: flags['claude-code-id-labels'] ?? false,
    });
  } catch (err) {
    if (err instanceof CollectorConfigError) {
      process.stderr.write(`hookscope collector: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const { options } = collector;
  if (!isLoopbackHost(options.host)) {
    process.stderr.write(
      `hookscope collector: warning: /metrics is reachable from other machines on ${options.host}\n`,
    );
  }
  process.stdout.write(
    `hookscope collector: serving ${collector.metricsUrl}\n` +
      (collector.otlpUrl ? `  OTLP/HTTP: ${collector.otlpUrl}/v1/{traces,metrics,logs}\n` : '') +
      `  spool: ${options.spoolDir}\n  state: ${options.stateDir}\n`,
  );
  // Also printed as JSON so that tools starting the collector can read the bound ports.
  process.stdout.write(
    JSON.stringify({
      ready: true,
      metricsUrl: collector.metricsUrl,
      port: collector.port,
      otlpUrl: collector.otlpUrl,
      otlpPort: collector.otlpPort,
    }) + '\n',
  );
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.stdout.write(`hookscope collector: ${signal}, stopping\n`);
      resolve();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  await collector.stop();
  return 0;
}
