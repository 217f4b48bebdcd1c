import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/paths.js';
import { build } from './support/exec-implementations.js';

// The native launcher reads bytes it does not control (the payload on stdin, command strings)
// and writes JSON from them: a bounded libFuzzer run (clang from Debian's packages, which
// scripts/bootstrap.sh installs) over the committed corpus, under ASan and UBSan, on every test
// run. A finding is a failing test with the input that caused it.
const FUZZ_SECONDS = Number(process.env.HOOKSCOPE_FUZZ_SECONDS ?? 20);
const HAS_CLANG = spawnSync('clang', ['--version'], { stdio: 'ignore' }).status === 0;
const tmp = tempDir('hookscope-fuzz-');
afterAll(() => tmp.cleanup());

describe.skipIf(!HAS_CLANG && process.env.CI !== 'true')('fuzzing the native launcher', () => {
  it(
    `reads any payload and any command string safely, writing well-formed JSON (${FUZZ_SECONDS} s of libFuzzer)`,
    () => {
      const fuzzer = join(tmp.dir, 'fuzz-payload');
      const built = build.compile({
        cc: 'clang',
        sources: [
          ...build.LAUNCHER_SOURCES.filter((s) => s !== 'launcher.c'),
          'fuzz/fuzz_payload.c',
        ],
        out: fuzzer,
        optimize: ['-O1', '-g'],
        flags: ['-fsanitize=fuzzer,address,undefined', '-fno-sanitize-recover=all'],
      });
      expect(built.ok, built.output).toBe(true);
      // libFuzzer adds what it finds to its first corpus directory: a copy, not the repository's.
      const corpus = join(tmp.dir, 'corpus');
      cpSync(join(build.NATIVE_DIR, 'fuzz', 'corpus'), corpus, { recursive: true });
      const seeds = readdirSync(corpus).length;
      const r = spawnSync(
        fuzzer,
        [
          `-max_total_time=${FUZZ_SECONDS}`,
          '-timeout=10',
          '-rss_limit_mb=1024',
          '-max_len=65536',
          `-artifact_prefix=${tmp.dir}/`,
          corpus,
        ],
        { encoding: 'utf8', timeout: (FUZZ_SECONDS + 60) * 1000 },
      );
      expect(r.status, r.stderr.slice(-4000)).toBe(0);
      expect(r.stderr).toMatch(/Done \d+ runs/);
      expect(readdirSync(corpus).length).toBeGreaterThanOrEqual(seeds);
    },
    (FUZZ_SECONDS + 120) * 1000,
  );
});
