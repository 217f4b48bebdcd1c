import { memberOf, type JsonArray, type JsonNode, type JsonObject } from './json-text.js';
import { SettingsError, type SettingsFile } from './settings-file.js';

/**
 * The hooks of an agent's config file, read from its `hooks` object (event name -> list). Agents
 * lay the list out in one of two shapes:
 *
 *   grouped (Claude Code, Gemini CLI, Codex):
 *     "hooks": { "<Event>": [ { "matcher": "Bash", "hooks": [ { "type": "command", "command": "..." } ] } ] }
 *   flat (Cursor, GitHub Copilot):
 *     "hooks": { "<event>": [ { "command": "...", "matcher": "..." } ] }
 *
 * An entry of type `command` (or without a type, where the agent defaults to it) runs the string
 * in its command field with `sh -c`; Claude Code's entries may instead run `command` directly
 * with `args`. Other types (prompt, agent, http, ...) are listed but not commands. Anything of an
 * unexpected shape is a SettingsError naming the file and the path inside it.
 */
export interface HookShape {
  grouping: 'grouped' | 'flat';
  /** Members of the `hooks` object that are not events (Codex keeps `state` there). */
  notEvents?: readonly string[];
  /** The fields of an entry that hold a shell command (Copilot: `bash`; others: `command`). */
  commandFields: readonly string[];
  /** The type of an entry that has none; undefined when `type` is required. */
  defaultType?: string;
  /** Whether entries may run `command` directly with an `args` list (Claude Code). */
  argsForm?: boolean;
}

export interface CommandHook {
  event: string;
  /** Path of the hook entry in the file, e.g. `hooks.PreToolUse[0].hooks[1]`. */
  where: string;
  matcher: string | undefined;
  /** The entry's field that holds the command (`command`, `bash`). */
  field: string;
  command: { value: string; node: JsonNode };
  args: { values: string[]; node: JsonArray } | undefined;
  /** The `shell` field, when set (`bash`, `powershell`). */
  shell: string | undefined;
  /** The entry's own `name`, when it has one (Gemini CLI). */
  name: string | undefined;
  /** The entry's `name` member, whatever its value (undefined: none). */
  nameNode: JsonNode | undefined;
  /** The entry itself. */
  entry: JsonObject;
}

export interface OtherHook {
  type: string;
  where: string;
}

export interface SettingsHooks {
  commands: CommandHook[];
  others: OtherHook[];
}

export function readHooks(file: SettingsFile, shape: HookShape): SettingsHooks {
  const out: SettingsHooks = { commands: [], others: [] };
  const hooks = memberOf(file.root, 'hooks');
  if (!hooks) return out;
  const fail = (where: string, expected: string, node: JsonNode): never => {
    throw new SettingsError(
      `${place(file, node)}: ${where} must be ${expected}, found ${describe(node)}`,
    );
  };
  if (hooks.type !== 'object') fail('"hooks"', 'an object of hook events', hooks);
  const skip = new Set(shape.notEvents ?? []);
  for (const { key: event, value: list } of (hooks as JsonObject).members) {
    if (skip.has(event)) continue;
    const eventPath = `hooks.${/^[A-Za-z_][\w-]*$/.test(event) ? event : JSON.stringify(event)}`;
    if (shape.grouping === 'flat') {
      if (list.type !== 'array') fail(eventPath, 'a list of hooks', list);
      (list as JsonArray).items.forEach((entry, h) =>
        readEntry(file, shape, out, event, `${eventPath}[${h}]`, entry, undefined, fail),
      );
      continue;
    }
    if (list.type !== 'array') fail(eventPath, 'a list of {"matcher", "hooks"} groups', list);
    (list as JsonArray).items.forEach((group, g) => {
      const groupPath = `${eventPath}[${g}]`;
      if (group.type !== 'object') fail(groupPath, 'an object with a "hooks" list', group);
      const matcher = memberOf(group as JsonObject, 'matcher');
      const entries = memberOf(group as JsonObject, 'hooks');
      if (!entries)
        throw new SettingsError(`${place(file, group)}: ${groupPath} has no "hooks" list`);
      if (entries.type !== 'array') fail(`${groupPath}.hooks`, 'a list of hooks', entries);
      const m = matcher?.type === 'string' ? matcher.value : undefined;
      (entries as JsonArray).items.forEach((entry, h) =>
        readEntry(file, shape, out, event, `${groupPath}.hooks[${h}]`, entry, m, fail),
      );
    });
  }
  return out;
}

function readEntry(
  file: SettingsFile,
  shape: HookShape,
  out: SettingsHooks,
  event: string,
  where: string,
  entry: JsonNode,
  groupMatcher: string | undefined,
  fail: (where: string, expected: string, node: JsonNode) => never,
): void {
  if (entry.type !== 'object')
    fail(where, `an object with ${shape.defaultType ? 'a command' : 'a "type"'}`, entry);
  const obj = entry as JsonObject;
  const typeNode = memberOf(obj, 'type');
  let type = shape.defaultType;
  if (typeNode) {
    if (typeNode.type !== 'string') fail(`${where}.type`, 'a string such as "command"', typeNode);
    type = (typeNode as { value: string }).value;
  }
  if (type === undefined) {
    throw new SettingsError(
      `${place(file, entry)}: ${where} has no "type" (a string such as "command")`,
    );
  }
  if (type !== 'command') {
    out.others.push({ type, where });
    return;
  }
  const fields = shape.commandFields.filter((f) => memberOf(obj, f) !== undefined);
  if (fields.length === 0) {
    throw new SettingsError(
      `${place(file, entry)}: ${where} is a command hook without ${shape.commandFields.map((f) => `"${f}"`).join(' or ')}`,
    );
  }
  const own = memberOf(obj, 'matcher');
  const matcher = groupMatcher ?? (own?.type === 'string' ? own.value : undefined);
  const name = memberOf(obj, 'name');
  const shell = memberOf(obj, 'shell');
  const args = shape.argsForm ? memberOf(obj, 'args') : undefined;
  if (args && (args.type !== 'array' || args.items.some((a) => a.type !== 'string'))) {
    fail(`${where}.args`, 'a list of strings', args);
  }
  for (const field of fields) {
    const command = memberOf(obj, field)!;
    if (command.type !== 'string') fail(`${where}.${field}`, 'a string', command);
    out.commands.push({
      event,
      where,
      matcher,
      field,
      command: { value: (command as { value: string }).value, node: command },
      args: args
        ? {
            values: (args as JsonArray).items.map((a) => (a as { value: string }).value),
            node: args as JsonArray,
          }
        : undefined,
      shell: shell?.type === 'string' ? shell.value : undefined,
      name: name?.type === 'string' && name.value.trim() !== '' ? name.value : undefined,
      nameNode: name,
      entry: obj,
    });
  }
}

/** `path`, or `path:line` for TOML, whose JSON-like paths are harder to find by eye. */
function place(file: SettingsFile, node: JsonNode): string {
  if (file.format !== 'toml') return file.path;
  const line = file.text.slice(0, node.start).split('\n').length;
  return `${file.path}:${line}`;
}

function describe(node: JsonNode): string {
  switch (node.type) {
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'string':
      return `the string ${JSON.stringify(node.value.length > 40 ? node.value.slice(0, 40) + '...' : node.value)}`;
    case 'null':
      return 'null';
    default:
      return `the ${node.type} ${String(node.value)}`;
  }
}
