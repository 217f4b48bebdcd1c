import { memberOf, type JsonArray, type JsonNode, type JsonObject } from './json-text.js';
import { SettingsError, type SettingsFile } from './settings-file.js';

/**
 * The hooks of a Claude Code settings file, read from its `hooks` block:
 *
 *   "hooks": { "<Event>": [ { "matcher": "Bash", "hooks": [ { "type": "command", "command": "..." } ] } ] }
 *
 * A `command` hook runs `command` with `sh -c`, or, when it has `args`, runs `command` directly
 * with those arguments. Other hook types (prompt, agent, http, ...) are listed but not commands.
 * Anything of an unexpected shape is a SettingsError naming the file and the JSON path.
 */
export interface CommandHook {
  event: string;
  /** JSON path of the hook object, e.g. `hooks.PreToolUse[0].hooks[1]`. */
  where: string;
  matcher: string | undefined;
  command: { value: string; node: JsonNode };
  args: { values: string[]; node: JsonArray } | undefined;
  /** The `shell` field, when set (`bash`, `powershell`). */
  shell: string | undefined;
}

export interface OtherHook {
  type: string;
  where: string;
}

export interface SettingsHooks {
  commands: CommandHook[];
  others: OtherHook[];
}

export function readClaudeHooks(file: SettingsFile): SettingsHooks {
  const out: SettingsHooks = { commands: [], others: [] };
  const hooks = memberOf(file.root, 'hooks');
  if (!hooks) return out;
  const fail = (where: string, expected: string, node: JsonNode): never => {
    throw new SettingsError(`${file.path}: ${where} must be ${expected}, found ${describe(node)}`);
  };
  if (hooks.type !== 'object') fail('"hooks"', 'an object of hook events', hooks);
  for (const { key: event, value: groups } of (hooks as JsonObject).members) {
    const eventPath = `hooks.${/^[A-Za-z_][\w-]*$/.test(event) ? event : JSON.stringify(event)}`;
    if (groups.type !== 'array') fail(eventPath, 'a list of {"matcher", "hooks"} groups', groups);
    (groups as JsonArray).items.forEach((group, g) => {
      const groupPath = `${eventPath}[${g}]`;
      if (group.type !== 'object') fail(groupPath, 'an object with a "hooks" list', group);
      const matcher = memberOf(group as JsonObject, 'matcher');
      const list = memberOf(group as JsonObject, 'hooks');
      if (!list) {
        throw new SettingsError(`${file.path}: ${groupPath} has no "hooks" list`);
      }
      if (list.type !== 'array') fail(`${groupPath}.hooks`, 'a list of hooks', list);
      (list as JsonArray).items.forEach((hook, h) => {
        const where = `${groupPath}.hooks[${h}]`;
        if (hook.type !== 'object') fail(where, 'an object with a "type"', hook);
        const type = memberOf(hook as JsonObject, 'type');
        if (!type || type.type !== 'string') {
          throw new SettingsError(
            `${file.path}: ${where} has no "type" (a string such as "command")`,
          );
        }
        if (type.value !== 'command') {
          out.others.push({ type: type.value, where });
          return;
        }
        const command = memberOf(hook as JsonObject, 'command');
        if (!command || command.type !== 'string') {
          if (!command)
            throw new SettingsError(`${file.path}: ${where} is a command hook without "command"`);
          fail(`${where}.command`, 'a string', command);
        }
        const args = memberOf(hook as JsonObject, 'args');
        if (args && (args.type !== 'array' || args.items.some((a) => a.type !== 'string'))) {
          fail(`${where}.args`, 'a list of strings', args);
        }
        const shell = memberOf(hook as JsonObject, 'shell');
        out.commands.push({
          event,
          where,
          matcher: matcher?.type === 'string' ? matcher.value : undefined,
          command: { value: (command as { value: string }).value, node: command! },
          args: args
            ? {
                values: (args as JsonArray).items.map((a) => (a as { value: string }).value),
                node: args as JsonArray,
              }
            : undefined,
          shell: shell?.type === 'string' ? shell.value : undefined,
        });
      });
    });
  }
  return out;
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
