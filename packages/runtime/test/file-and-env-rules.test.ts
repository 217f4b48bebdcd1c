import { describe, expect, it } from 'vitest';
import {
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  createExclusive,
  defaultSpoolDir,
  defaultStateDir,
  defaultTestSelectionDir,
  ENV_VALUE_CASES,
  envValue,
  parseSpoolFileName,
  replaceFile,
  sanitizeFileNameComponent,
  SPOOL_FILE_NAME_CASES,
  spoolFileName,
} from '@hookscope/runtime';

describe('environment variables', () => {
  it.each(ENV_VALUE_CASES)('%j reads as %j', (raw, expected) => {
    expect(envValue(raw === undefined ? {} : { V: raw }, 'V')).toBe(expected);
  });

  it('an empty directory variable means the default, not the current directory', () => {
    const env = { XDG_STATE_HOME: '', HOOKSCOPE_SPOOL_DIR: '', HOOKSCOPE_TEST_SELECTION_DIR: ' ' };
    expect(defaultStateDir(env)).toBe(defaultStateDir({}));
    expect(defaultSpoolDir(env)).toBe(defaultSpoolDir({}));
    expect(defaultTestSelectionDir(env)).toBe(defaultTestSelectionDir({}));
    expect(defaultSpoolDir({})).toMatch(/\/hookscope\/spool$/);
  });
});

describe('spool file names', () => {
  it.each(SPOOL_FILE_NAME_CASES)('component %j becomes %j', (raw, expected) => {
    expect(sanitizeFileNameComponent(raw)).toBe(expected);
  });

  it('no host name or tag puts a file outside the spool directory, and the reader parses every name', () => {
    const dir = '/spool';
    for (const [raw] of SPOOL_FILE_NAME_CASES) {
      for (const host of [raw, `../${raw}`, `${raw}/..`, '/', '.', '..']) {
        const name = spoolFileName(4242, host, 1_700_000_000_000, `t/${raw}`);
        expect(dirname(join(dir, name))).toBe(dir);
        expect(name).not.toContain('/');
        expect(parseSpoolFileName(name)).toEqual({
          pid: 4242,
          host: sanitizeFileNameComponent(host),
        });
      }
    }
  });
});

describe('exclusive file creation', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'hookscope-excl-'));

  it('never writes through a symlink or over an existing file', () => {
    const d = dir();
    try {
      const victim = join(d, 'victim');
      writeFileSync(victim, 'precious');
      symlinkSync(victim, join(d, 'link'));
      expect(() => createExclusive(join(d, 'link'))).toThrow(/EEXIST/);
      expect(() => createExclusive(victim)).toThrow(/EEXIST/);
      expect(readFileSync(victim, 'utf8')).toBe('precious');
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('replaces a file through a temporary file of its own, leaving planted links alone', () => {
    const d = dir();
    try {
      const victim = join(d, 'victim');
      writeFileSync(victim, 'precious');
      const target = join(d, 'state.json');
      // The names a predictable writer would have used.
      for (const n of ['state.json.tmp', `state.json.${process.pid}.tmp`])
        symlinkSync(victim, join(d, n));
      replaceFile(target, '{"a":1}', { durable: true });
      replaceFile(target, '{"a":2}');
      expect(readFileSync(target, 'utf8')).toBe('{"a":2}');
      expect(readFileSync(victim, 'utf8')).toBe('precious');
      expect(lstatSync(target).mode & 0o777).toBe(0o600);
      expect(readdirSync(d).sort()).toEqual(
        ['state.json', 'state.json.tmp', `state.json.${process.pid}.tmp`, 'victim'].sort(),
      );
      // A symlink at the target itself is replaced, not written through.
      rmSync(target);
      symlinkSync(victim, target);
      replaceFile(target, 'new');
      expect(readFileSync(victim, 'utf8')).toBe('precious');
      expect(lstatSync(target).isSymbolicLink()).toBe(false);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
