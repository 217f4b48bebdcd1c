// A reader that goes away (`hookscope install --dry-run | head -1`) must not crash install or
// uninstall with an EPIPE stack trace, nor stop them half-way.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOOKSCOPE_BIN, REPO_ROOT, tempDir } from '../../../test/support/paths.js';

const FIXTURE = join(REPO_ROOT, 'test', 'real-agents', 'fixtures', 'claude-code', '.claude');

/** Runs hookscope with its stdout closed by the reader before it writes anything. */
function withClosedStdout(
  args: string[],
  cwd: string,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [HOOKSCOPE_BIN, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy(); // the reader is gone: every write gets EPIPE
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('close', (code) => resolve({ code, stderr }));
  });
}

describe('install and uninstall with a closed stdout', () => {
  const tmp = tempDir('hookscope-closed-output-');
  afterAll(() => tmp.cleanup());
  cpSync(FIXTURE, join(tmp.dir, '.claude'), { recursive: true });
  const settings = join(tmp.dir, '.claude', 'settings.json');
  const original = readFileSync(settings, 'utf8');

  it('finish their work quietly, with their own exit code', async () => {
    const dry = await withClosedStdout(['install', '--dry-run'], tmp.dir);
    expect(dry).toEqual({ code: 0, stderr: '' });
    expect(readFileSync(settings, 'utf8')).toBe(original);

    const install = await withClosedStdout(['install'], tmp.dir);
    expect(install).toEqual({ code: 0, stderr: '' });
    expect(readFileSync(settings, 'utf8')).toContain(
      'exec --agent=claude-code -- \\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/guard_bash.sh',
    );

    const uninstall = await withClosedStdout(['uninstall'], tmp.dir);
    expect(uninstall).toEqual({ code: 0, stderr: '' });
    expect(readFileSync(settings, 'utf8')).toBe(original);
  });
});
