import { envValue } from '@hookscope/runtime';
import { agentNamed } from '../agents/index.js';
import type { DenyRule } from '../agents/adapter.js';
import { claudeCode } from '../agents/claude-code.js';

/**
 * Reading a deny decision from what a hook printed on stdout. Agents parse a hook's whole stdout
 * as one JSON object after it exits 0; decisions are small objects, so only the first
 * MAX_DECISION_BYTES are kept: longer output (a large `additionalContext`, say) is not read as a
 * decision, which bounds the wrapper's memory whatever the hook prints.
 */
export const MAX_DECISION_BYTES = 64 * 1024;

/**
 * The deny rules of the agent whose hook this is: the one named with `--agent`, or Claude
 * Code's for a hook it runs (it sets CLAUDE_PROJECT_DIR) when none is named. Undefined when the
 * agent is unknown: stdout is then not read at all.
 */
export function denyRulesFor(
  agent: string | undefined,
  env: NodeJS.ProcessEnv,
): readonly DenyRule[] | undefined {
  if (agent !== undefined) return agentNamed(agent)?.denies;
  return envValue(env, 'CLAUDE_PROJECT_DIR') !== undefined ? claudeCode.denies : undefined;
}

/** Whether exit code 2 blocks for this agent on this event (for every agent but Copilot, always). */
export function exit2Blocks(agent: string | undefined, event: string): boolean {
  const only = agent === undefined ? undefined : agentNamed(agent)?.exit2BlocksOnly;
  return only === undefined || only.includes(event);
}

/**
 * Whether `output` (the hook's whole stdout) is a JSON object, with JSON whitespace around it,
 * for which one of `rules` holds. Anything else (text, an array, malformed JSON) is no decision.
 */
export function isDenyDecision(output: string, rules: readonly DenyRule[]): boolean {
  let value: unknown;
  try {
    value = JSON.parse(output);
  } catch {
    return false;
  }
  if (!isObject(value)) return false;
  return rules.some((rule) => {
    let at: unknown = value;
    for (const key of rule.path) {
      if (!isObject(at) || !Object.hasOwn(at, key)) return false;
      at = at[key];
    }
    return at === rule.value;
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
