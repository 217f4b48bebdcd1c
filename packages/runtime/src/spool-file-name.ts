/**
 * Spool file names, built the same way by every writer (the telemetry library, the collector's
 * OTLP receiver, and the native `hookscope exec` launcher, which implements this rule in C):
 *
 *   hs_<pid>_<start ms, base 36>_<random>@<host>.jsonl
 *
 * The writer's pid and host let the collector tell a finished file (its writer is gone) from one
 * still being written. Every component is sanitised before it goes into the name, so that no
 * value (a host name with `/` or `..`, a tag) can put a file outside the spool directory or make
 * a name the reader cannot parse:
 *
 *   - each character outside `A-Z a-z 0-9 . -` becomes `-` (UTF-16 code units in JS, bytes in C:
 *     a non-ASCII character becomes one `-` per code unit or byte; both are safe, the reader
 *     accepts either);
 *   - a component is cut to 64 characters;
 *   - an empty component (after the above) becomes `unknown`.
 *
 * With `/` and NUL gone and the fixed `hs_` prefix, a name can neither be `.` or `..` nor hold a
 * path separator. SPOOL_FILE_NAME_CASES is the table of cases both implementations are tested
 * against.
 */

export const SPOOL_FILE_PREFIX = 'hs_';
export const SPOOL_FILE_SUFFIX = '.jsonl';
/** Longest sanitised component. */
export const MAX_FILE_NAME_COMPONENT = 64;

/** A value made safe to be one component of a file name (see the rule above). */
export function sanitizeFileNameComponent(value: string): string {
  const s = value.replace(/[^A-Za-z0-9.-]/g, '-').slice(0, MAX_FILE_NAME_COMPONENT);
  return s === '' ? 'unknown' : s;
}

/** Raw component -> sanitised component. */
export const SPOOL_FILE_NAME_CASES: readonly (readonly [string, string])[] = [
  ['build-host.example.com', 'build-host.example.com'],
  ['', 'unknown'],
  ['..', '..'],
  ['../../etc', '..-..-etc'],
  ['a/b', 'a-b'],
  ['host\u0000name', 'host-name'],
  ['under_score@at', 'under-score-at'],
  ['space name', 'space-name'],
  ['back\\slash', 'back-slash'],
  ['h\u00f4te', 'h-te'],
  ['x'.repeat(80), 'x'.repeat(64)],
];

const NAME = /^hs_(\d+)_[0-9a-z]+_([A-Za-z0-9.-]+)@([A-Za-z0-9.-]+)\.jsonl$/;

/** The file name for a writer; `host` and `random` are sanitised here. */
export function spoolFileName(pid: number, host: string, startMs: number, random: string): string {
  return (
    `${SPOOL_FILE_PREFIX}${Math.trunc(pid)}_${Math.trunc(startMs).toString(36)}_` +
    `${sanitizeFileNameComponent(random)}@${sanitizeFileNameComponent(host)}${SPOOL_FILE_SUFFIX}`
  );
}

/** The writer of a spool file, when its name says (files from other writers return undefined). */
export function parseSpoolFileName(name: string): { pid: number; host: string } | undefined {
  const m = NAME.exec(name);
  return m ? { pid: Number(m[1]), host: m[3]! } : undefined;
}
