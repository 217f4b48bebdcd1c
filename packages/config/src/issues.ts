import type * as z from 'zod';

/** One thing wrong with a config file: where (key path, line) and why. */
export interface ConfigIssue {
  /** Dotted key path, e.g. `hooks.latency_seconds.warning` or `alertmanager.receivers[1].name`. */
  path: string;
  message: string;
  line?: number;
  column?: number;
}

/** A config file that cannot be used: nothing was generated or changed from it. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly issues: ConfigIssue[],
  ) {
    super(formatIssues(source, issues));
    this.name = 'ConfigError';
  }
}

export function formatIssues(source: string, issues: ConfigIssue[]): string {
  const lines = issues.map((i) => {
    const where = i.line ? `${source}:${i.line}:${i.column ?? 1}` : source;
    return `${where}: ${i.path ? `${i.path}: ` : ''}${i.message}`;
  });
  return issues.length === 1
    ? lines[0]!
    : `${issues.length} problems in ${source}:\n  ${lines.join('\n  ')}`;
}

export type PathSegment = string | number;

export function formatPath(path: readonly PathSegment[]): string {
  return path.reduce<string>(
    (out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg),
    '',
  );
}

/** What a value is, for "expected X, got Y" messages. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `"${v}"`;
  return String(v);
}

export function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let v = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
};

export interface KeyInfo {
  /** Keys allowed at a path, for unknown-key hints. */
  knownKeys(path: readonly PathSegment[]): string[];
}

/** Turns a schema validation issue into a message a person editing the file can act on. */
export function explainIssue(
  issue: z.core.$ZodIssue,
  data: unknown,
  keys: KeyInfo,
): { path: PathSegment[]; message: string }[] {
  const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
  const value = valueAt(data, path);
  const got = value === undefined ? '' : `, got ${describeValue(value)}`;
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: unknownKey(key, keys.knownKeys(path)),
      }));
    case 'invalid_type':
      if (value === undefined)
        return [{ path, message: `is required (${TYPE_NAMES[issue.expected] ?? issue.expected})` }];
      // A schema may name the shape it expects (zod's own messages start with "Invalid input").
      if (!issue.message.startsWith('Invalid input'))
        return [{ path, message: `${issue.message}${got}` }];
      return [{ path, message: `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}${got}` }];
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (options)
        return [{ path, message: `must be one of ${options.join(', ')}${got || ' (missing)'}` }];
      return [{ path, message: `${issue.message}${got}` }];
    }
    case 'invalid_value':
      return [{ path, message: `must be one of ${issue.values.map(String).join(', ')}${got}` }];
    case 'too_small': {
      if (issue.origin === 'array')
        return [{ path, message: `must list at least ${String(issue.minimum)}` }];
      const bound = issue.inclusive ? 'at least' : 'greater than';
      return [{ path, message: `must be ${bound} ${String(issue.minimum)}${got}` }];
    }
    case 'too_big': {
      const bound = issue.inclusive ? 'at most' : 'less than';
      return [{ path, message: `must be ${bound} ${String(issue.maximum)}${got}` }];
    }
    case 'invalid_key':
      return issue.issues.map((inner) => ({
        path,
        message: `key ${describeValue(path.at(-1))}: ${inner.message}`,
      }));
    default:
      return [
        {
          path,
          message: issue.message.includes(', got ') ? issue.message : `${issue.message}${got}`,
        },
      ];
  }
}

/** Secret values never go in the config: a key like `webhook_url` points to its `_file` twin. */
function unknownKey(key: string, known: string[]): string {
  if (known.includes(`${key}_file`)) {
    return `unknown key: secrets are not written in the config; put the value in a file and set '${key}_file' to its path`;
  }
  const near = known.filter((k) => editDistance(k, key) <= Math.max(2, Math.floor(key.length / 4)));
  const hint = near.length ? ` (did you mean '${near[0]}'?)` : '';
  return `unknown key${hint}${known.length ? `; known keys here: ${known.join(', ')}` : ''}`;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        prev[j]! + 1,
        cur[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length]!;
}
