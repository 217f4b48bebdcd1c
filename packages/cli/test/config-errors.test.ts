import { describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOOKSCOPE_BIN, tempDir } from '../../../test/support/paths.js';
import { runToEnd } from '../../../test/support/processes.js';

/**
 * Every command that reads hookscope.config.yaml answers a config it cannot use the same way: the
 * file, line, key and fix, what it left undone, exit 1, no stack trace, nothing written.
 */
describe('a config that cannot be used', () => {
  const cases: [command: string[], leftUndone: string][] = [
    [['config', 'check'], 'hookscope cannot use this config until that is fixed'],
    [['generate'], 'nothing was generated'],
    [['report', '--out', 'report.md'], 'no report was written'],
    [['up', '--state-dir', 'state'], 'nothing was started'],
  ];
  it.each(cases)('hookscope %s names it and changes nothing', async (command, leftUndone) => {
    const tmp = tempDir();
    try {
      const config = join(tmp.dir, 'hookscope.config.yaml');
      writeFileSync(config, 'hooks:\n  latency_seconds: { warning: 50, critical: 40 }\n');
      const env = { ...process.env };
      delete env['HOOKSCOPE_CONFIG'];
      const r = await runToEnd(process.execPath, [HOOKSCOPE_BIN, ...command, '--config', config], {
        env,
        cwd: tmp.dir,
      });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(`hookscope ${command[0]}: `);
      expect(r.stderr).toContain(
        `${config}:2:22: hooks.latency_seconds.warning: must be below critical (40), got 50`,
      );
      expect(r.stderr).toContain(`\n${leftUndone}.\n`);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(readdirSync(tmp.dir)).toEqual(['hookscope.config.yaml']);
    } finally {
      tmp.cleanup();
    }
  });
});
