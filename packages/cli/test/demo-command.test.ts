import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  ATTR_HOOK_OVERHEAD,
  ATTR_HOOKSCOPE_KIND,
  KIND_AGENT,
  KIND_CACHE_LOOKUP,
  KIND_CONTEXT_COMPRESSION,
  KIND_CONVERSATION_EXCHANGE,
  KIND_HOOK,
  KIND_RESTART,
  KIND_TEST_RUN,
  KIND_TEST_SELECTION,
  KIND_VALIDATION,
} from '@hookscope/catalog';
import { HOOKSCOPE_BIN, tempDir } from '../../../test/support/paths.js';
import { runToEnd } from '../../../test/support/processes.js';
import { attrs, readSpool } from '../../../test/support/spool.js';

function demo(args: string[], dir: string) {
  const env = { ...process.env, HOOKSCOPE_TEST_SELECTION_DIR: join(dir, 'selections') };
  delete env['HOOKSCOPE_DISABLED'];
  delete env['OTEL_SDK_DISABLED'];
  return runToEnd(process.execPath, [HOOKSCOPE_BIN, 'demo', ...args], { env, timeoutMs: 60_000 });
}

describe('hookscope demo', () => {
  it('records every kind of hook work through the telemetry API and hookscope exec', async () => {
    const tmp = tempDir();
    try {
      const spool = join(tmp.dir, 'spool');
      const r = await demo(
        [
          '--duration',
          '3',
          '--speed',
          '50',
          '--rate',
          '20',
          '--seed',
          '3',
          '--no-claude-code',
        ].concat(['--spool-dir', spool]),
        tmp.dir,
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.toString()).toMatch(/\d+ hooks started, \d+ finished; \d+ spans written\n/);
      const spans = readSpool(spool).map(({ span }) => attrs(span.attributes));
      const kinds = new Set(spans.map((a) => a[ATTR_HOOKSCOPE_KIND]));
      for (const k of [
        KIND_HOOK,
        KIND_AGENT,
        KIND_VALIDATION,
        KIND_TEST_SELECTION,
        KIND_TEST_RUN,
        KIND_CACHE_LOOKUP,
        KIND_CONVERSATION_EXCHANGE,
        KIND_CONTEXT_COMPRESSION,
        KIND_RESTART,
      ]) {
        expect(kinds, k).toContain(k);
      }
      const hooks = spans.filter((a) => a[ATTR_HOOKSCOPE_KIND] === KIND_HOOK);
      const names = new Set(hooks.map((a) => a['hookscope.hook.name']));
      // In-process hooks and hooks run as their own process under `hookscope exec`.
      for (const n of ['bash-guard', 'full-tests', 'check-format', 'ruff-check'])
        expect(names).toContain(n);
      const outcomes = new Set(hooks.map((a) => a['hookscope.hook.outcome']));
      for (const o of ['success', 'blocked', 'error']) expect(outcomes).toContain(o);
      // Exec hooks carry CPU and memory; every hook what hookscope cost it.
      expect(hooks.some((a) => typeof a['hookscope.hook.max_rss'] === 'string')).toBe(true);
      expect(hooks.every((a) => a[ATTR_HOOK_OVERHEAD] !== undefined)).toBe(true);
    } finally {
      tmp.cleanup();
    }
  });

  it('rejects bad flags, naming them, and writes nothing', async () => {
    const tmp = tempDir();
    try {
      const spool = join(tmp.dir, 'spool');
      for (const [args, message] of [
        [['--rate', '0'], "--rate must be a number above 0 and at most 1000, got '0'"],
        [['--speed', 'fast'], "--speed must be a number above 0 and at most 1000, got 'fast'"],
        [['--otlp-endpoint', 'localhost:4318'], '--otlp-endpoint must be an http(s) URL'],
        [['--bogus'], "Unknown option '--bogus'"],
      ] as const) {
        const r = await demo([...args, '--spool-dir', spool], tmp.dir);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(message);
      }
      expect(existsSync(spool)).toBe(false);
    } finally {
      tmp.cleanup();
    }
  });
});
