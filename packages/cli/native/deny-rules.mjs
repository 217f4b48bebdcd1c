// Writes deny_rules.h, the native launcher's copy of each agent adapter's deny rules and the
// events on which its exit code 2 blocks (src/agents/, `denies`, `exit2BlocksOnly`), from the compiled adapters: `npm run native:rules` after a build.
// A test fails when the committed header is not what this writes.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const DENY_RULES_HEADER = join(HERE, 'deny_rules.h');

/** A C string literal of a name or value (only the characters these ever hold). */
function literal(text) {
  if (!/^[A-Za-z0-9_.-]*$/.test(text)) throw new Error(`deny rule text not written to C: ${text}`);
  return `"${text}"`;
}

/** The header's text for these adapters. */
export function renderDenyRules(agents) {
  const rows = [];
  for (const agent of agents) {
    for (const rule of agent.denies) {
      if (rule.path.length < 1 || rule.path.length > 3)
        throw new Error('deny rule path of 1 to 3 members');
      const path = [0, 1, 2].map((k) => (k < rule.path.length ? literal(rule.path[k]) : 'NULL'));
      const value = rule.value === false ? 'NULL' : literal(rule.value);
      rows.push(`    {${literal(agent.name)}, {${path.join(', ')}}, ${value}},`);
    }
  }
  const exit2 = agents.flatMap((agent) =>
    (agent.exit2BlocksOnly ?? []).map(
      (event) => `    {${literal(agent.name)}, ${literal(event)}},`,
    ),
  );
  return `/*
 * Generated from the agent adapters' deny rules (packages/cli/src/agents/) by deny-rules.mjs:
 * do not edit, run \`npm run native:rules\` after changing them. One row per rule: the agent,
 * the member's path (outermost first), and the string it holds (NULL: the value false).
 */
#ifndef HOOKSCOPE_DENY_RULES_H
#define HOOKSCOPE_DENY_RULES_H

#include "decision.h"

static const struct deny_rule DENY_RULES[] = {
${rows.join('\n')}
};

/* Agents for which exit code 2 blocks on these events only (elsewhere it is an error). */
static const struct exit2_event EXIT2_BLOCKS_ONLY[] = {
${exit2.join('\n')}
    {NULL, NULL},
};

#endif
`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { AGENTS } = await import('../dist/agents/index.js');
  writeFileSync(DENY_RULES_HEADER, renderDenyRules(AGENTS));
}
