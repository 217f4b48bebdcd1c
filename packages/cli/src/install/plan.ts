import type { AgentAdapter } from '../agents/index.js';
import { deriveHookName, deriveHookNameFromShell } from '@hookscope/runtime';
import { readHooks, type CommandHook } from '../settings/hook-lists.js';
import type { JsonArray, JsonNode } from '../settings/json-text.js';
import type { SettingsFile } from '../settings/settings-file.js';
import { removeMembers } from '../settings/object-edits.js';
import { applyEdits, type TextEdit } from '../settings/text-edits.js';
import { tomlQuoteAt, tomlString } from '../settings/toml-text.js';
import {
  nameExecDerives,
  nameExecDerivesFromArgs,
  runsUnderHookscope,
  unwrapArgsCommand,
  unwrapShellCommand,
  wrapArgsCommand,
  wrapShellCommand,
} from './wrap.js';

/** What install or uninstall does to one settings file. */
export interface FilePlan {
  file: SettingsFile;
  agent: AgentAdapter;
  newText: string;
  /** Hooks changed: where, event, name, and the command before. */
  changed: {
    where: string;
    event: string;
    matcher: string | undefined;
    name: string;
    command: string;
  }[];
  /** Hooks left as they are, and why (hooks already measured are only counted). */
  unchanged: { where: string; reason: string }[];
  alreadyMeasured: number;
}

export function planInstall(file: SettingsFile, agent: AgentAdapter, launcher: string): FilePlan {
  const hooks = readHooks(file, agent.shape);
  const plan = emptyPlan(file, agent);
  for (const other of hooks.others) {
    plan.unchanged.push({ where: other.where, reason: `a ${other.type} hook, not a command` });
  }
  // Names already used per event (hooks wrapped earlier keep theirs), so new ones stay distinct.
  const taken = new Map<string, Set<string>>();
  const namesOf = (event: string) => taken.get(event) ?? taken.set(event, new Set()).get(event)!;
  const toWrap: CommandHook[] = [];
  for (const hook of hooks.commands) {
    const wrapped = hook.args
      ? unwrapArgsCommand(hook.command.value, hook.args.values)
      : unwrapShellCommand(hook.command.value);
    if (wrapped) {
      namesOf(hook.event).add(wrapped.name);
      plan.alreadyMeasured++;
    } else if (runsUnderHookscope(hook.command.value, hook.args?.values)) {
      plan.unchanged.push({ where: hook.where, reason: 'already runs under hookscope exec' });
    } else if (hook.shell === 'powershell') {
      plan.unchanged.push({ where: hook.where, reason: 'runs in PowerShell' });
    } else if (hook.command.value.trim() === '') {
      plan.unchanged.push({ where: hook.where, reason: 'empty command' });
    } else {
      toWrap.push(hook);
    }
  }
  const edits: TextEdit[] = [];
  for (const hook of toWrap) {
    const base =
      nameLabel(hook.name) ??
      (hook.args
        ? deriveHookName([hook.command.value, ...hook.args.values])
        : deriveHookNameFromShell(hook.command.value));
    const names = namesOf(hook.event);
    let name = base;
    for (let n = 2; names.has(name); n++) name = `${base}-${n}`;
    names.add(name);
    // Only what the wrapper cannot learn by itself (the agent may quote the command to its model).
    const derived = hook.args
      ? nameExecDerivesFromArgs(hook.command.value, hook.args.values)
      : nameExecDerives(hook.command.value);
    const target = {
      launcher,
      agent: agent.name,
      event: agent.payloadNamesEvent ? undefined : hook.event,
      name: name === derived ? undefined : name,
    };
    if (hook.args) {
      const w = wrapArgsCommand(hook.command.value, hook.args.values, target);
      edits.push(replaceString(file, hook.command.node, w.command));
      edits.push(
        prependItems(hook.args.node, w.args.slice(0, w.args.length - hook.args.values.length)),
      );
    } else {
      edits.push(
        replaceString(file, hook.command.node, wrapShellCommand(hook.command.value, target)),
      );
      if (agent.namesHooksByCommand && !hook.nameNode) {
        // Right after the command, on its line: the agent keeps calling the hook what it did.
        edits.push({
          offset: hook.command.node.end,
          length: 0,
          text: `, "name": ${JSON.stringify(hook.command.value)}`,
        });
      }
    }
    plan.changed.push({
      where: hook.where,
      event: hook.event,
      matcher: hook.matcher,
      name,
      command: [hook.command.value, ...(hook.args?.values ?? [])].join(' '),
    });
  }
  plan.newText = applyEdits(file.text, edits);
  return plan;
}

export function planUninstall(file: SettingsFile, agent: AgentAdapter): FilePlan {
  const hooks = readHooks(file, agent.shape);
  const plan = emptyPlan(file, agent);
  const edits: TextEdit[] = [];
  for (const hook of hooks.commands) {
    if (hook.args) {
      const w = unwrapArgsCommand(hook.command.value, hook.args.values);
      if (!w) continue;
      edits.push(replaceString(file, hook.command.node, w.original, true));
      edits.push(
        removeLeadingItems(file.text, hook.args.node, hook.args.values.length - w.args.length),
      );
      plan.changed.push({
        where: hook.where,
        event: hook.event,
        matcher: hook.matcher,
        name: w.name,
        command: [w.original, ...w.args].join(' '),
      });
    } else {
      const w = unwrapShellCommand(hook.command.value);
      if (!w) {
        if (runsUnderHookscope(hook.command.value)) {
          plan.unchanged.push({
            where: hook.where,
            reason: 'runs hookscope exec, but not as install wrote it',
          });
        }
        continue;
      }
      edits.push(replaceString(file, hook.command.node, w.original, true));
      if (
        agent.namesHooksByCommand &&
        hook.nameNode?.type === 'string' &&
        hook.nameNode.value === w.original
      ) {
        // The name install wrote. (One the user wrote that only repeats the command goes too: the
        // agent calls the hook by its command all the same.)
        edits.push(...removeMembers(file.text, hook.entry, new Set(['name'])));
      }
      plan.changed.push({
        where: hook.where,
        event: hook.event,
        matcher: hook.matcher,
        name: w.name,
        command: w.original,
      });
    }
  }
  plan.newText = applyEdits(file.text, edits);
  return plan;
}

export function emptyPlan(file: SettingsFile, agent: AgentAdapter): FilePlan {
  return { file, agent, newText: file.text, changed: [], unchanged: [], alreadyMeasured: 0 };
}

/**
 * Replaces a string value, written as the file's format writes strings. TOML keeps the value's
 * quoting: a literal string stays literal (install may have to make it a multi-line literal,
 * which uninstall turns back into a one-line literal).
 */
function replaceString(
  file: SettingsFile,
  node: JsonNode,
  value: string,
  restoring = false,
): TextEdit {
  let text = JSON.stringify(value);
  if (file.format === 'toml') {
    const quote = tomlQuoteAt(file.text, node.start);
    text = tomlString(value, restoring && quote === "'''" ? "'" : quote);
  }
  return { offset: node.start, length: node.end - node.start, text };
}

/** An entry's own `name` as a hook name: a short label, else derived from the command. */
function nameLabel(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const label = name
    .trim()
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return label !== '' && label.length <= 64 ? label : undefined;
}

/** Inserts items at the start of an array, before whatever (spacing included) was there. */
function prependItems(array: JsonArray, items: readonly string[]): TextEdit {
  const text = items.map((s) => JSON.stringify(s)).join(', ') + (array.items.length ? ', ' : '');
  return { offset: array.start + 1, length: 0, text };
}

/** Removes the first `count` items of an array and the ", " prependItems wrote after them. */
function removeLeadingItems(text: string, array: JsonArray, count: number): TextEdit {
  let end = array.items[count - 1]!.end;
  if (array.items.length > count) {
    while (text[end] !== ',') end++;
    end++;
    if (text[end] === ' ') end++;
  }
  return { offset: array.start + 1, length: end - (array.start + 1), text: '' };
}
