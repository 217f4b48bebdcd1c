import { CollectorConfigError, COLLECTOR_DEFAULTS, startCollector } from '@hookscope/collector';
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
  --no-host-metrics  do not collect host metrics`;

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
    });
  } catch (err) {
    if (err instanceof CollectorConfigError) {
      process.stderr.write(`hookscope collector: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const { options } = collector;
  if (!['127.0.0.1', '::1', 'localhost'].includes(options.host)) {
    process.stderr.write(
      `hookscope collector: warning: /metrics is reachable from other machines on ${options.host}\n`,
    );
  }
  process.stdout.write(
    `hookscope collector: serving ${collector.metricsUrl}\n` +
      `  spool: ${options.spoolDir}\n  state: ${options.stateDir}\n`,
  );
  // Also printed as JSON so that tools starting the collector can read the bound port.
  process.stdout.write(
    JSON.stringify({ ready: true, metricsUrl: collector.metricsUrl, port: collector.port }) + '\n',
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
