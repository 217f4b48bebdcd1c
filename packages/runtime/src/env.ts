/**
 * How hookscope reads an environment variable, everywhere (the telemetry library, the collector,
 * the CLI, and the native `hookscope exec` launcher, which implements the same rule in C):
 *
 *   a variable that is unset, empty, or only blanks (spaces and tabs) counts as unset, so the
 *   default applies; any other value is used exactly as it is (not trimmed).
 *
 * Why: `VAR=` in a shell, a compose file or a CI matrix usually means "not set", and reading it
 * as a value turned an empty host into "bind every interface". ENV_VALUE_CASES is the table of
 * cases both implementations are tested against.
 */

type Env = Readonly<Record<string, string | undefined>>;

/** The variable's value, or undefined when it is unset, empty or blank. */
export function envValue(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || /^[ \t]*$/.test(v) ? undefined : v;
}

/** Raw value -> what `envValue` returns (undefined: the default applies). */
export const ENV_VALUE_CASES: readonly (readonly [string | undefined, string | undefined])[] = [
  [undefined, undefined],
  ['', undefined],
  [' ', undefined],
  ['\t \t', undefined],
  ['0', '0'],
  ['127.0.0.1', '127.0.0.1'],
  [' 127.0.0.1 ', ' 127.0.0.1 '],
  ['/tmp/spool dir', '/tmp/spool dir'],
  ['\n', '\n'],
];
