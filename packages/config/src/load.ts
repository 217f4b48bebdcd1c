import { envValue } from '@hookscope/runtime';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
} from 'yaml';
import { configSchema, type HookscopeConfig } from './schema.js';
import {
  ConfigError,
  explainIssue,
  formatPath,
  type ConfigIssue,
  type PathSegment,
  valueAt,
} from './issues.js';
import { knownKeysAt } from './json-schema.js';
import { criticalNotificationIssues } from './critical-notification.js';

export const CONFIG_FILE_NAME = 'hookscope.config.yaml';
/** Environment variable naming the config file, when no --config flag does. */
export const CONFIG_ENV = 'HOOKSCOPE_CONFIG';

export interface LoadedConfig {
  config: HookscopeConfig;
  /** The file read, or undefined when none was found and the defaults apply. */
  path: string | undefined;
  /** Directory that relative paths in the config (secret files) are resolved against. */
  dir: string;
}

/** The defaults: what an empty or absent config file means. */
export function defaultConfig(): HookscopeConfig {
  return configSchema.parse({});
}

/**
 * Validates config text. Throws ConfigError listing every problem with its key path, line and
 * reason: YAML syntax, unknown keys, wrong types, values out of range and contradictions.
 */
export function parseConfig(text: string, source: string = CONFIG_FILE_NAME): HookscopeConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number | undefined) =>
    offset === undefined ? {} : position(lineCounter, offset);
  if (doc.errors.length) {
    throw new ConfigError(
      source,
      doc.errors.map((e) => ({
        path: '',
        message: `invalid YAML: ${e.message.split('\n')[0]}`,
        ...at(e.pos[0]),
      })),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (err) {
    // Aliases that resolve to nothing, or expand past the alias limit (a "billion laughs").
    throw new ConfigError(source, [
      {
        path: '',
        message: `invalid YAML: ${(err as Error).message.split('\n')[0]}`,
        line: 1,
        column: 1,
      },
    ]);
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(source, [
      {
        path: '',
        message: 'the file must be a mapping of sections (collector:, prometheus:, hooks:, ...)',
        line: 1,
        column: 1,
      },
    ]);
  }
  const result = configSchema.safeParse(data);
  const keys = { knownKeys: (path: readonly PathSegment[]) => knownKeysAt(path, data) };
  const problems = result.success
    ? // Checked here, not in the schema: the message goes to the key the file sets.
      criticalNotificationIssues(result.data, (path) => valueAt(data, path) !== undefined)
    : result.error.issues.flatMap((issue) => explainIssue(issue, data, keys));
  if (result.success && problems.length === 0) return result.data;
  const issues: ConfigIssue[] = problems
    .map(({ path, message }): ConfigIssue => ({
      path: formatPath(path),
      message,
      ...at(locate(doc, path)),
    }))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  throw new ConfigError(source, issues);
}

/** Reads and validates a config file; a missing or unreadable file is a ConfigError too. */
export function readConfigFile(path: string): HookscopeConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'is a directory'
            : String(err);
    throw new ConfigError(path, [{ path: '', message: `cannot read the config file: ${why}` }]);
  }
  return parseConfig(text, path);
}

export interface LoadOptions {
  /** An explicit file (a --config flag); it must exist. */
  path?: string;
  /** Where to start looking for hookscope.config.yaml (default: the current directory). */
  cwd?: string;
  env?: Record<string, string | undefined>;
}

/**
 * The one way hookscope loads its config: the explicit path, else $HOOKSCOPE_CONFIG, else the
 * nearest hookscope.config.yaml from `cwd` up to the project root (the directory holding .git);
 * with none of these, the defaults.
 */
export function loadConfig(opts: LoadOptions = {}): LoadedConfig {
  const cwd = resolve(opts.cwd ?? process.cwd());
  const explicit = opts.path ?? envValue(opts.env ?? process.env, CONFIG_ENV);
  const path = explicit ? resolve(cwd, explicit) : findConfigFile(cwd);
  if (!path) return { config: defaultConfig(), path: undefined, dir: cwd };
  return { config: readConfigFile(path), path, dir: dirname(path) };
}

/** The nearest hookscope.config.yaml at or above `dir`, stopping at a project (git) root. */
export function findConfigFile(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const candidate = join(d, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(d, '.git')) || dirname(d) === d) return undefined;
  }
}

/** A path written in the config (e.g. a secret file), resolved against the config's directory. */
export function resolveConfigPath(loaded: Pick<LoadedConfig, 'dir'>, path: string): string {
  return resolve(loaded.dir, path);
}

/** Offset of what a key path names in the file: the key for mapping entries, else the list item. */
function locate(doc: Document, path: readonly PathSegment[]): number | undefined {
  let node: Node | null | undefined = doc.contents as Node | null;
  let offset = node?.range?.[0];
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
      );
      if (!pair) return offset; // a missing key: point at the mapping that should hold it
      offset = (pair.key as Node).range?.[0];
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg] as Node | undefined;
      if (!node) return offset;
      offset = node.range?.[0];
    } else {
      return offset;
    }
  }
  return offset;
}

function position(lc: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lc.linePos(offset);
  return { line, column: col };
}
