import {
  ATTR_HOOK_OUTCOME,
  recordCompression,
  recordConversationExchange,
  recordRestart,
  traceAgent,
  traceCacheLookup,
  traceHook,
  traceTestRun,
  traceTestSelection,
  traceValidation,
  setTokenUsage,
} from '@hookscope/telemetry';
import { spawn } from 'node:child_process';
import { ATTR_HOOK_TOOL } from '@hookscope/catalog';
import { CLI_MAIN } from '../self.js';
import type { Random } from './random.js';

/**
 * The synthetic project the demo simulates: the hooks of a repository worked on by Claude Code
 * (guards, formatters, type checks, a context loader calling a model, a review sub-agent, test
 * selection at Stop, compaction, session restarts) and its git hooks. Each hook does its work
 * through the real telemetry API, sleeping for the time the work would take, so spans, spool
 * lines and metrics are exactly what real hooks produce.
 */

export interface DemoContext {
  random: Random;
  /** Divides every duration: 1 is real time; tests run faster. */
  speed: number;
  /**
   * The first round, one run of every hook: its full test run fails in a test the selection
   * left out, so the missed-failure panels have data from the start.
   */
  warmup?: boolean;
  /** Where `hookscope exec` hooks write their spans (the demo's own spool). */
  spoolDir: string;
}

export interface DemoHook {
  event: string;
  name: string;
  /** Relative frequency. */
  weight: number;
  /** The hook's work; returns its exit code (2 = blocked). Throws for an error outcome. */
  run(
    ctx: DemoContext,
    span: { setAttribute(k: string, v: string | number): unknown },
  ): Promise<number>;
  /**
   * A hook run as its own process under `hookscope exec` (which measures CPU and peak memory and
   * records the span) rather than in the demo's process.
   */
  exec?: (ctx: DemoContext) => { args: string[]; stdin?: string };
}

/** The hook says no (Claude Code's exit code 2). */
function block(span: { setAttribute(k: string, v: string): unknown }): number {
  span.setAttribute(ATTR_HOOK_OUTCOME, 'blocked');
  return 2;
}

const sleep = (ctx: DemoContext, seconds: number) =>
  new Promise<void>((r) => setTimeout(r, (seconds * 1000) / ctx.speed));

const MODELS = { fast: 'claude-haiku-4-5', strong: 'claude-sonnet-4-5' } as const;
const SUITE = 'unit';
const SUITE_SIZE = 1200;
const testId = (i: number) =>
  `tests/unit/test_module_${Math.floor(i / 12)}.py::test_case_${i % 12}`;

/** A cache lookup that takes `seconds` and hits with probability `hitRatio`. */
async function lookup(ctx: DemoContext, cache: string, hitRatio: number, bytes: number) {
  const hit = ctx.random.chance(hitRatio);
  const seconds = hit
    ? ctx.random.latency(0.002, 0.5, 0.0005, 0.05)
    : ctx.random.latency(0.01, 0.6, 0.002, 0.2);
  return traceCacheLookup(
    cache,
    async () => {
      await sleep(ctx, seconds);
      return hit ? { size: bytes } : undefined;
    },
    { bytes: (v) => v?.size },
  );
}

/** A validator that takes about `median` seconds and fails with probability `failRatio`. */
function validate(ctx: DemoContext, name: string, median: number, failRatio: number) {
  return traceValidation(name, async () => {
    await sleep(ctx, ctx.random.latency(median, 0.5, median / 10, median * 8));
    return !ctx.random.chance(failRatio);
  });
}

/** One model exchange of `processType`, slept for and recorded with token counts. */
async function exchange(
  ctx: DemoContext,
  processType: 'tactical' | 'strategic',
  model: string,
  turn: number,
) {
  const r = ctx.random;
  const seconds =
    processType === 'tactical' ? r.latency(0.8, 0.5, 0.15, 6) : r.latency(3.5, 0.5, 0.8, 30);
  await sleep(ctx, seconds);
  const success = !r.chance(0.02);
  recordConversationExchange({
    processType,
    model,
    responseSeconds: seconds,
    conversationId: `demo-${processType}`,
    turn,
    inputTokens: r.int(800, 12_000),
    outputTokens: r.int(50, 1_500),
    contextTokens: r.int(8_000, 160_000),
    success,
    ...(success ? {} : { errorType: r.pick(['rate_limited', 'overloaded']) }),
  });
}

export const DEMO_HOOKS: readonly DemoHook[] = [
  {
    event: 'PreToolUse',
    name: 'bash-guard',
    weight: 30,
    async run(ctx, span) {
      span.setAttribute(ATTR_HOOK_TOOL, 'Bash');
      await lookup(ctx, 'command-policy', 0.85, 512);
      await sleep(ctx, ctx.random.latency(0.02, 0.6, 0.003, 0.3));
      if (ctx.random.chance(0.07)) return block(span);
      return 0;
    },
  },
  {
    event: 'PreToolUse',
    name: 'secret-scan',
    weight: 15,
    async run(ctx, span) {
      span.setAttribute(ATTR_HOOK_TOOL, ctx.random.pick(['Edit', 'Write']));
      const clean = await validate(ctx, 'secret-patterns', 0.12, 0.03);
      if (!clean) return block(span);
      return 0;
    },
  },
  {
    event: 'PostToolUse',
    name: 'format',
    weight: 20,
    async run(ctx, span) {
      span.setAttribute(ATTR_HOOK_TOOL, ctx.random.pick(['Edit', 'Write', 'MultiEdit']));
      await sleep(ctx, ctx.random.latency(0.4, 0.5, 0.08, 3));
      if (ctx.random.chance(0.02)) throw new Error('prettier: syntax error');
      return 0;
    },
  },
  {
    event: 'PostToolUse',
    name: 'typecheck',
    weight: 10,
    async run(ctx, span) {
      span.setAttribute(ATTR_HOOK_TOOL, 'Edit');
      const cached = await lookup(ctx, 'tsc-incremental', 0.6, 256 * 1024);
      await sleep(ctx, cached ? ctx.random.latency(0.5, 0.4, 0.1, 3) : 0);
      await validate(ctx, 'tsc', cached ? 0.6 : 2.5, 0.05);
      await validate(ctx, 'physics-units', 0.3, 0.02);
      return 0;
    },
  },
  {
    event: 'UserPromptSubmit',
    name: 'context-loader',
    weight: 8,
    async run(ctx) {
      await lookup(ctx, 'embeddings', 0.7, 64 * 1024);
      await traceAgent(
        'context-summarizer',
        async (span) => {
          await exchange(ctx, 'tactical', MODELS.fast, ctx.random.int(1, 40));
          setTokenUsage(span, {
            inputTokens: ctx.random.int(2_000, 20_000),
            outputTokens: ctx.random.int(100, 800),
          });
        },
        { model: MODELS.fast, provider: 'anthropic' },
      );
      return 0;
    },
  },
  {
    event: 'SubagentStop',
    name: 'review-gate',
    weight: 4,
    async run(ctx, span) {
      const approved = await traceAgent(
        'code-reviewer',
        async (agent) => {
          await exchange(ctx, 'strategic', MODELS.strong, ctx.random.int(1, 20));
          await sleep(ctx, ctx.random.latency(2, 0.6, 0.3, 15));
          setTokenUsage(agent, {
            inputTokens: ctx.random.int(10_000, 80_000),
            outputTokens: ctx.random.int(500, 4_000),
          });
          if (ctx.random.chance(0.03)) throw new Error('reviewer timed out');
          return !ctx.random.chance(0.1);
        },
        { model: MODELS.strong, provider: 'anthropic' },
      );
      if (!approved) return block(span);
      return 0;
    },
  },
  {
    event: 'Stop',
    name: 'test-runner',
    weight: 5,
    async run(ctx) {
      const r = ctx.random;
      const selection = await traceTestSelection(
        { suite: SUITE, strategy: 'testmon' },
        async () => {
          await sleep(ctx, r.latency(0.3, 0.4, 0.05, 2));
          const count = r.int(SUITE_SIZE * 0.12, SUITE_SIZE * 0.35);
          // Never the last test: the warm-up's full run fails there, outside any selection.
          const start = r.int(0, SUITE_SIZE - 1 - count);
          const selectedTestIds = Array.from({ length: count }, (_, i) => testId(start + i));
          return {
            totalTests: SUITE_SIZE,
            selectedTests: count,
            estimatedFullSuiteSeconds: r.latency(75, 0.15, 50, 120),
            selectedTestIds,
          };
        },
      );
      await traceTestRun({ suite: SUITE, selection }, async () => {
        await sleep(ctx, (selection.selectedTests / SUITE_SIZE) * r.latency(70, 0.2, 40, 120));
        const failed = r.chance(0.1) ? r.int(1, 3) : 0;
        return { passed: selection.selectedTests - failed, failed };
      });
      return 0;
    },
  },
  {
    event: 'PreCompact',
    name: 'compact-notes',
    weight: 3,
    async run(ctx) {
      const r = ctx.random;
      const seconds = r.latency(4, 0.4, 1, 30);
      await sleep(ctx, seconds);
      const before = r.int(120_000, 190_000);
      recordCompression({
        beforeTokens: before,
        afterTokens: Math.round(before * r.latency(0.25, 0.3, 0.08, 0.6)),
        seconds,
        criticalInfoPreserved: !r.chance(0.05),
        processType: r.pick(['tactical', 'strategic']),
        trigger: r.chance(0.8) ? 'auto' : 'manual',
      });
      return 0;
    },
  },
  {
    event: 'SessionStart',
    name: 'session-init',
    weight: 3,
    async run(ctx) {
      const r = ctx.random;
      const seconds = r.latency(1.5, 0.4, 0.3, 10);
      await sleep(ctx, seconds);
      recordRestart({
        processType: r.pick(['tactical', 'strategic']),
        success: !r.chance(0.05),
        seconds,
      });
      return 0;
    },
  },
  {
    event: 'pre-commit',
    name: 'lint-staged',
    weight: 4,
    async run(ctx) {
      await validate(ctx, 'eslint', 1.2, 0.06);
      await validate(ctx, 'prettier-check', 0.4, 0.03);
      if (ctx.random.chance(0.04)) throw new Error('lint-staged: task failed');
      return 0;
    },
  },
  {
    // Every team has one: a check that depends on the network and fails now and then, so the
    // success-ratio alert goes pending within a minute of the demo starting.
    event: 'PostToolUse',
    name: 'integration-smoke',
    weight: 3,
    async run(ctx, span) {
      span.setAttribute(ATTR_HOOK_TOOL, 'Bash');
      await sleep(ctx, ctx.random.latency(1.2, 0.5, 0.2, 8));
      if (ctx.random.chance(0.3)) throw new Error('smoke test: ECONNRESET');
      return 0;
    },
  },
  {
    event: 'pre-push',
    name: 'full-tests',
    weight: 1,
    async run(ctx) {
      const r = ctx.random;
      // The full suite verifies the latest selection: its failures among tests the selection
      // left out are missed failures.
      const run = await traceTestRun({ suite: SUITE, mode: 'full' }, async () => {
        await sleep(ctx, r.latency(26, 0.2, 15, 45));
        const failedTestIds = ctx.warmup
          ? [testId(SUITE_SIZE - 1)]
          : r.chance(0.35)
            ? Array.from({ length: r.int(1, 3) }, () => testId(r.int(0, SUITE_SIZE - 1)))
            : [];
        return {
          passed: SUITE_SIZE - failedTestIds.length,
          failed: failedTestIds.length,
          failedTestIds,
        };
      });
      if (run.failed > 0) throw new Error(`${run.failed} tests failed`);
      return 0;
    },
  },
  {
    event: 'pre-commit',
    name: 'check-format',
    weight: 2,
    run: async () => 0,
    exec: (ctx) => ({
      args: workload(cpuMs(ctx, 300), ctx.random.int(20, 90), ctx.random.chance(0.05) ? 1 : 0),
    }),
  },
  {
    event: 'PostToolUse',
    name: 'ruff-check',
    weight: 2,
    run: async () => 0,
    exec: (ctx) => ({
      args: workload(cpuMs(ctx, 120), ctx.random.int(10, 40), ctx.random.chance(0.08) ? 2 : 0),
      // What Claude Code writes to a hook's stdin; exec reads the event and tool from it.
      stdin: JSON.stringify({
        session_id: 'demo-session',
        hook_event_name: 'PostToolUse',
        tool_name: ctx.random.pick(['Edit', 'Write']),
        tool_use_id: `toolu_demo_${ctx.random.int(1, 1e9)}`,
        cwd: process.cwd(),
      }),
    }),
  },
];

const cpuMs = (ctx: DemoContext, median: number) =>
  Math.max(10, Math.round(ctx.random.latency(median, 0.5, median / 5, median * 5) / ctx.speed));

/**
 * A real process for `hookscope exec` to measure: it keeps a CPU busy for `cpuMs`, holds `mb`
 * MiB of memory, and exits with `code`.
 */
function workload(cpuMs: number, mb: number, code: number): string[] {
  const script = `const b=Buffer.alloc(${mb}*1048576,1);let x=0;const t=Date.now();while(Date.now()-t<${cpuMs})x+=Math.sqrt(x+b[x%b.length]);process.exit(${code})`;
  return [process.execPath, '-e', script];
}

/** Runs an exec hook as `hookscope exec <args>`, as a hook runner would. */
function runExecHook(ctx: DemoContext, hook: DemoHook): Promise<void> {
  const { args, stdin } = hook.exec!(ctx);
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [CLI_MAIN, 'exec', '--event', hook.event, '--name', hook.name, '--', ...args],
      {
        env: { ...process.env, HOOKSCOPE_SPOOL_DIR: ctx.spoolDir },
        stdio: ['pipe', 'ignore', 'ignore'],
      },
    );
    child.once('error', () => resolve());
    child.once('close', () => resolve());
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(stdin ?? '');
  });
}

/** Runs one demo hook under `traceHook`; errors are the hook's outcome, never the demo's. */
export async function runDemoHook(ctx: DemoContext, hook: DemoHook): Promise<void> {
  if (hook.exec) return runExecHook(ctx, hook);
  try {
    // The library reports what it cost the hook itself (hookscope.hook.overhead).
    await traceHook(hook.event, hook.name, (span) => hook.run(ctx, span));
  } catch {
    // The error outcome is on the span.
  }
}
