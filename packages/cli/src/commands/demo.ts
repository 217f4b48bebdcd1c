import { defaultStateDir, envValue } from '@hookscope/runtime';
import { initTelemetry } from '@hookscope/telemetry';
import { join } from 'node:path';
import { DEMO_HOOKS, runDemoHook, type DemoContext, type DemoHook } from '../demo/scenario.js';
import { Random } from '../demo/random.js';
import { ClaudeCodeSession } from '../demo/claude-code.js';
import { intFlag, parseFlags, UsageError } from '../usage.js';

const HELP = `usage: hookscope demo [options]

Feeds realistic synthetic traffic into the spool until Ctrl-C: Claude Code and git hooks with
validators, sub-agents, test selection and runs, cache lookups, conversation exchanges,
compactions and restarts, all recorded through the real telemetry API. Run it next to
\`hookscope up\` and every dashboard has data within a minute.

options:
  --rate N          hook executions started per second (default 5)
  --duration S      stop after S seconds, once the hooks under way have finished (default: run
                    until Ctrl-C)
  --speed N         run every hook N times faster than real time (default 1)
  --seed N          random seed, to repeat a run exactly (default: random)
  --spool-dir DIR   spool to write (default ~/.local/state/hookscope/spool; env HOOKSCOPE_SPOOL_DIR)
  --otlp-endpoint URL
                    the collector's OTLP/HTTP receiver, where a simulated Claude Code session
                    sends its own telemetry (default http://127.0.0.1:4318; env
                    OTEL_EXPORTER_OTLP_ENDPOINT)
  --no-claude-code  do not simulate Claude Code's own telemetry`;

/** How often the simulated Claude Code exports (its default metric export interval is 60 s). */
const CLAUDE_CODE_EXPORT_SECONDS = 5;

/** Hooks under way at most: beyond, new ones are skipped (a slow machine must not pile up). */
const MAX_IN_FLIGHT = 500;

export async function run(args: string[]): Promise<number> {
  const flags = parseFlags(
    args,
    {
      rate: { type: 'string' },
      duration: { type: 'string' },
      speed: { type: 'string' },
      seed: { type: 'string' },
      'spool-dir': { type: 'string' },
      'otlp-endpoint': { type: 'string' },
      'no-claude-code': { type: 'boolean' },
    },
    HELP,
  );
  if (!flags) return 0;
  const rate = positiveNumber('rate', flags.rate, 5, 1000);
  const speed = positiveNumber('speed', flags.speed, 1, 1000);
  const duration = intFlag('duration', flags.duration, 1, 30 * 86400);
  const seed = intFlag('seed', flags.seed, 0, 2 ** 31) ?? Math.floor(Math.random() * 2 ** 31);
  const endpoint = flags['no-claude-code']
    ? undefined
    : otlpEndpoint(flags['otlp-endpoint'] ?? envValue(process.env, 'OTEL_EXPORTER_OTLP_ENDPOINT'));

  const env = {
    ...process.env,
    // Selections wait for the full run that verifies them; keep the demo's apart from real ones.
    HOOKSCOPE_TEST_SELECTION_DIR:
      envValue(process.env, 'HOOKSCOPE_TEST_SELECTION_DIR') ??
      join(defaultStateDir(), 'demo-test-selections'),
  };
  const telemetry = initTelemetry({
    serviceName: 'hookscope-demo',
    spoolDir: flags['spool-dir'],
    env,
  });
  if (!telemetry.enabled) {
    process.stderr.write(
      'hookscope demo: telemetry is disabled (OTEL_SDK_DISABLED or HOOKSCOPE_DISABLED is set): nothing would be recorded\n',
    );
    return 1;
  }
  const out = process.stdout;
  out.write(
    `hookscope demo: ${rate} hooks/s${speed !== 1 ? ` at ${speed}x speed` : ''}, seed ${seed}\n` +
      `  spool: ${telemetry.spoolDir}\n` +
      `  the collector (\`hookscope up\`) turns it into metrics; Ctrl-C stops\n`,
  );

  const ctx: DemoContext = { random: new Random(seed), speed, spoolDir: telemetry.spoolDir };
  const inFlight = new Set<Promise<void>>();
  let started = 0;
  let skipped = 0;
  const launch = (hook: DemoHook, c: DemoContext = ctx) => {
    if (inFlight.size >= MAX_IN_FLIGHT) {
      skipped++;
      return;
    }
    started++;
    const p = runDemoHook(c, hook).finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  // One of each first, so every series exists early; the selection before the full run.
  const warmup: DemoContext = { ...ctx, warmup: true };
  const testRunner = DEMO_HOOKS.find((h) => h.name === 'test-runner')!;
  const fullTests = DEMO_HOOKS.find((h) => h.name === 'full-tests')!;
  for (const h of DEMO_HOOKS) if (h !== testRunner && h !== fullTests) launch(h, warmup);
  started++;
  const warm = runDemoHook(warmup, testRunner).then(() => launch(fullTests, warmup));
  inFlight.add(warm);
  void warm.finally(() => inFlight.delete(warm));

  const stop = new AbortController();
  const claudeCode = endpoint
    ? simulateClaudeCode(new ClaudeCodeSession(new Random(seed + 1), endpoint), speed, stop.signal)
    : Promise.resolve();
  const onSignal = (signal: NodeJS.Signals) => {
    out.write(`hookscope demo: ${signal}, stopping\n`);
    stop.abort(signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const deadline = duration ? Date.now() + duration * 1000 : Infinity;
  const t0 = Date.now();
  let lastReport = t0;
  while (!stop.signal.aborted && Date.now() < deadline) {
    launch(ctx.random.weighted(DEMO_HOOKS));
    // Exponential gaps: arrivals as random as real tool calls.
    const gap = (-Math.log(1 - ctx.random.next()) / rate) * 1000;
    await new Promise((r) => setTimeout(r, Math.min(gap, 10_000)));
    if (Date.now() - lastReport >= 10_000) {
      lastReport = Date.now();
      out.write(
        `hookscope demo: ${Math.round((lastReport - t0) / 1000)} s, ${started} hooks started, ${inFlight.size} running\n`,
      );
    }
  }
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (!stop.signal.aborted) stop.abort();
  await claudeCode;

  // After --duration, let the hooks under way finish (their spans complete the counts); after
  // Ctrl-C, do not keep the user waiting: unfinished hooks are dropped, as a killed hook's are.
  const waitMs = stop.signal.aborted ? 2_000 : (60_000 / speed) * 1.5;
  await Promise.race([
    Promise.allSettled([...inFlight]),
    new Promise((r) => setTimeout(r, waitMs).unref()),
  ]);
  telemetry.shutdown();
  const stats = telemetry.stats();
  out.write(
    `hookscope demo: ${started} hooks started, ${started - inFlight.size} finished` +
      `${skipped ? `, ${skipped} skipped (too many under way)` : ''}; ` +
      `${stats.spansWritten} spans written${stats.spansDropped ? `, ${stats.spansDropped} dropped (${stats.lastError})` : ''}\n`,
  );
  return 0;
}

function otlpEndpoint(raw: string | undefined): string {
  const url = (raw ?? 'http://127.0.0.1:4318').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(url)) {
    throw new UsageError(`--otlp-endpoint must be an http(s) URL, got '${raw}'`);
  }
  return url;
}

/** Exports the simulated session's telemetry until stopped; warns once while it cannot. */
async function simulateClaudeCode(
  session: ClaudeCodeSession,
  speed: number,
  stopped: AbortSignal,
): Promise<void> {
  let failing = false;
  while (!stopped.aborted) {
    session.simulate(CLAUDE_CODE_EXPORT_SECONDS);
    const error = await session.export();
    if (error && !failing) {
      process.stderr.write(
        `hookscope demo: Claude Code telemetry not delivered (${error}); is the collector's OTLP receiver running? Hook traffic continues.\n`,
      );
    } else if (!error && failing) {
      process.stdout.write('hookscope demo: Claude Code telemetry delivered again\n');
    }
    failing = error !== undefined;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        stopped.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(250, (CLAUDE_CODE_EXPORT_SECONDS * 1000) / speed));
      stopped.addEventListener('abort', done);
    });
  }
}

function positiveNumber(
  name: string,
  raw: string | undefined,
  fallback: number,
  max: number,
): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > max || raw.trim() === '') {
    throw new UsageError(`--${name} must be a number above 0 and at most ${max}, got '${raw}'`);
  }
  return n;
}
