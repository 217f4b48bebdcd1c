import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { JsonSyntaxError, parseJsonText, type JsonObject } from './json-text.js';
import { parseTomlText, TomlSyntaxError } from './toml-text.js';

/**
 * Reading and writing a JSON settings file (Claude Code's `settings.json`, `settings.local.json`)
 * without disturbing it: changes are text edits on the original (see json-text.ts), writes are
 * atomic (a temporary file renamed over the real one, through symbolic links, keeping the file
 * mode), the previous content is kept as `<file>.hookscope-backup`, and every problem is a
 * SettingsError that names the file and what is wrong.
 */
export class SettingsError extends Error {}

/** How a settings file is written: JSON, JSON with comments, or TOML (Codex's config.toml). */
export type SettingsFormat = 'json' | 'jsonc' | 'toml';

export interface SettingsFile {
  /** The path as the user knows it (for messages). */
  path: string;
  format: SettingsFormat;
  /** Where the content lives (symbolic links resolved): what gets replaced. */
  realPath: string;
  text: string;
  root: JsonObject;
  mode: number;
  /** Not on disk yet: written without a backup, and removed again if the writes fail. */
  created?: boolean;
}

export const BACKUP_SUFFIX = '.hookscope-backup';

/** Reads and parses a settings file; its top level must be a JSON object (any TOML document is one). */
export function loadSettingsFile(path: string, format: SettingsFormat = 'json'): SettingsFile {
  let realPath: string;
  let text: string;
  let mode: number;
  try {
    realPath = realpathSync(path);
    const st = statSync(realPath);
    if (!st.isFile()) throw new SettingsError(`${path}: not a regular file`);
    mode = st.mode & 0o7777;
    text = readFileSync(realPath, 'utf8');
  } catch (err) {
    if (err instanceof SettingsError) throw err;
    throw new SettingsError(`${path}: cannot read it (${describe(err)})`);
  }
  let root;
  try {
    root =
      format === 'toml'
        ? parseTomlText(text)
        : parseJsonText(text, { comments: format === 'jsonc' });
  } catch (err) {
    if (err instanceof JsonSyntaxError || err instanceof TomlSyntaxError)
      throw new SettingsError(`${path}: ${err.message}`);
    throw err;
  }
  if (root.type !== 'object') {
    throw new SettingsError(`${path}: the top level must be a JSON object, found ${root.type}`);
  }
  return { path, format, realPath, text, root, mode };
}

/** A settings file to create (`--claude-telemetry` where there is none yet). */
export function newSettingsFile(path: string): SettingsFile {
  const root: JsonObject = { type: 'object', start: 0, end: 0, members: [] };
  return {
    path,
    format: 'json',
    realPath: resolve(path),
    text: '',
    root,
    mode: 0o644,
    created: true,
  };
}

export interface SettingsChange {
  file: SettingsFile;
  newText: string;
}

/**
 * Writes every change, or none: when one write fails, the files already written get their old
 * content back, and the error names the file that failed. Returns the backup paths.
 */
export function writeSettingsFiles(changes: readonly SettingsChange[]): string[] {
  const done: SettingsChange[] = [];
  const backups: string[] = [];
  try {
    for (const change of changes) {
      const { file } = change;
      const backup = file.created ? '' : file.realPath + BACKUP_SUFFIX;
      if (file.created) mkdirForNewFile(file);
      else writeAtomically(backup, file.text, file.mode, file.path);
      writeAtomically(file.realPath, change.newText, file.mode, file.path);
      done.push(change);
      backups.push(backup);
    }
  } catch (err) {
    for (const change of done) {
      try {
        if (change.file.created) rmSync(change.file.realPath, { force: true });
        else
          writeAtomically(
            change.file.realPath,
            change.file.text,
            change.file.mode,
            change.file.path,
          );
      } catch {
        // Reported below: the backup holds the old content.
      }
    }
    const restored = done.length ? ` (${done.map((c) => c.file.path).join(', ')} restored)` : '';
    throw new SettingsError(`${(err as Error).message}; nothing was changed${restored}`);
  }
  return backups;
}

function mkdirForNewFile(file: SettingsFile): void {
  try {
    mkdirSync(dirname(file.realPath), { recursive: true });
  } catch (err) {
    throw new SettingsError(`${file.path}: cannot create its directory (${describe(err)})`);
  }
}

function writeAtomically(target: string, text: string, mode: number, shownAs: string): void {
  const tmp = join(dirname(target), `.${basename(target)}.hookscope-tmp`);
  try {
    const fd = openSync(tmp, 'w', mode);
    try {
      const buf = Buffer.from(text, 'utf8');
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Not ours to clean (a directory of that name, say): the message says what failed.
    }
    throw new SettingsError(`${shownAs}: cannot write ${target} (${describe(err)})`);
  }
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'is a directory',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on device',
    ENOTDIR: 'a parent is not a directory',
  };
  return (e.code && reasons[e.code]) ?? e.message ?? String(err);
}
