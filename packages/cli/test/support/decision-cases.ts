/**
 * What counts as a deny decision in a hook's output, per agent: the one table both
 * implementations of `hookscope exec` answer to (the Node wrapper's reader and the native
 * launcher's, through its probe), and that whole runs through each are checked against.
 */
export interface DecisionCase {
  agent: string;
  output: string | Buffer;
  deny: boolean;
}

const block = '{"decision":"block","reason":"no"}';
const deep = `{"x":${'['.repeat(2000)}${']'.repeat(2000)},"decision":"block"}`;

export const DECISION_CASES: DecisionCase[] = [
  // Claude Code: each way of saying deny, and near misses.
  { agent: 'claude-code', output: block, deny: true },
  {
    agent: 'claude-code',
    output:
      '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"no"}}\n',
    deny: true,
  },
  {
    agent: 'claude-code',
    output:
      '{"hookSpecificOutput":{"hookEventName":"PermissionRequest","decision":{"behavior":"deny","message":"no"}}}',
    deny: true,
  },
  { agent: 'claude-code', output: '{"continue":false,"stopReason":"done"}', deny: true },
  { agent: 'claude-code', output: '{"continue":true}', deny: false },
  { agent: 'claude-code', output: '{"decision":"approve"}', deny: false },
  {
    agent: 'claude-code',
    output: '{"hookSpecificOutput":{"permissionDecision":"allow"}}',
    deny: false,
  },
  {
    agent: 'claude-code',
    output: '{"hookSpecificOutput":{"permissionDecision":"ask"}}',
    deny: false,
  },
  { agent: 'claude-code', output: '{"hookSpecificOutput":{"decision":"deny"}}', deny: false },
  { agent: 'claude-code', output: '{"continue":"false"}', deny: false },
  { agent: 'claude-code', output: '{"continue":0}', deny: false },
  { agent: 'claude-code', output: '{"permission":"deny"}', deny: false },
  // JSON as JSON.parse reads it: escapes, repeated members (the last counts), whitespace.
  { agent: 'claude-code', output: '{"d\\u0065cision":"bl\\u006fck"}', deny: true },
  { agent: 'claude-code', output: '{"decision":"block","decision":"approve"}', deny: false },
  { agent: 'claude-code', output: '{"decision":"approve","decision":"block"}', deny: true },
  { agent: 'claude-code', output: '\n  \t{"decision" : "block"}\r\n\n', deny: true },
  {
    agent: 'claude-code',
    output: '{"x":1e5,"y":[true,false,null,{"z":-0.5E-3}],"s":"\\ud800\\n\\"","decision":"block"}',
    deny: true,
  },
  { agent: 'claude-code', output: deep, deny: true },
  {
    agent: 'claude-code',
    output: Buffer.concat([
      Buffer.from('{"x":"'),
      Buffer.from([0xff, 0xc3]),
      Buffer.from(`",${block.slice(1)}`),
    ]),
    deny: true,
  },
  // Not one JSON object: no decision, whatever it says.
  { agent: 'claude-code', output: 'blocked', deny: false },
  { agent: 'claude-code', output: '', deny: false },
  { agent: 'claude-code', output: `${block} and more`, deny: false },
  { agent: 'claude-code', output: `${block}{}`, deny: false },
  { agent: 'claude-code', output: `${block}\n${block}\n`, deny: false },
  { agent: 'claude-code', output: `[${block}]`, deny: false },
  { agent: 'claude-code', output: JSON.stringify(block), deny: false },
  { agent: 'claude-code', output: `\ufeff${block}`, deny: false },
  { agent: 'claude-code', output: '{"decision":"block",}', deny: false },
  { agent: 'claude-code', output: "{'decision':'block'}", deny: false },
  { agent: 'claude-code', output: '{"decision":"block"', deny: false },
  { agent: 'claude-code', output: '{"decision":"block","x":[1,,2]}', deny: false },
  { agent: 'claude-code', output: '{"decision":"block","x":01}', deny: false },
  { agent: 'claude-code', output: '{"decision":"block","x":-}', deny: false },
  { agent: 'claude-code', output: '{"decision":"block","x":1.}', deny: false },
  { agent: 'claude-code', output: '{"decision":"block","x":tru}', deny: false },
  { agent: 'claude-code', output: '{"decision":"block","x":"\u0001"}', deny: false },
  { agent: 'claude-code', output: '{"decision":"block","x":"\\q"}', deny: false },
  { agent: 'claude-code', output: '{"decision":"block","x":"\\u12"}', deny: false },
  { agent: 'claude-code', output: '{"decision":"block","x":{"a" 1}}', deny: false },
  { agent: 'claude-code', output: '{"decision":"block","x":[}', deny: false },
  { agent: 'claude-code', output: '{"a":{"decision":"block"}}', deny: false },
  // Gemini CLI
  { agent: 'gemini-cli', output: '{"decision":"deny","reason":"no"}', deny: true },
  { agent: 'gemini-cli', output: block, deny: true },
  { agent: 'gemini-cli', output: '{"continue":false}', deny: true },
  { agent: 'gemini-cli', output: '{"decision":"allow"}', deny: false },
  {
    agent: 'gemini-cli',
    output: '{"hookSpecificOutput":{"permissionDecision":"deny"}}',
    deny: false,
  },
  // Codex reads Claude Code's fields.
  {
    agent: 'codex',
    output:
      '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"no"}}',
    deny: true,
  },
  { agent: 'codex', output: block, deny: true },
  { agent: 'codex', output: '{"decision":"deny"}', deny: false },
  // Cursor
  {
    agent: 'cursor',
    output: '{"permission":"deny","user_message":"no","agent_message":"no"}',
    deny: true,
  },
  { agent: 'cursor', output: '{"continue":false,"user_message":"no"}', deny: true },
  { agent: 'cursor', output: '{"permission":"ask"}', deny: false },
  { agent: 'cursor', output: block, deny: false },
  // GitHub Copilot
  {
    agent: 'copilot',
    output: '{"permissionDecision":"deny","permissionDecisionReason":"no"}',
    deny: true,
  },
  { agent: 'copilot', output: '{"behavior":"deny","message":"no"}', deny: true },
  { agent: 'copilot', output: block, deny: true },
  { agent: 'copilot', output: '{"hookSpecificOutput":{"permissionDecision":"deny"}}', deny: false },
  { agent: 'copilot', output: '{"permissionDecision":"allow"}', deny: false },
  // An agent hookscope has no rules for.
  { agent: 'kiro', output: block, deny: false },
];

/** Whether exit code 2 blocks, per agent and event: the other table both implementations answer. */
export const EXIT2_CASES: { agent: string; event: string; blocks: boolean }[] = [
  { agent: 'claude-code', event: 'PreToolUse', blocks: true },
  { agent: 'gemini-cli', event: 'BeforeTool', blocks: true },
  { agent: 'codex', event: 'Stop', blocks: true },
  { agent: 'cursor', event: 'beforeShellExecution', blocks: true },
  // GitHub Copilot: a warning, but on permissionRequest.
  { agent: 'copilot', event: 'preToolUse', blocks: false },
  { agent: 'copilot', event: 'agentStop', blocks: false },
  { agent: 'copilot', event: 'PreToolUse', blocks: false },
  { agent: 'copilot', event: 'permissionRequest', blocks: true },
  { agent: 'copilot', event: 'PermissionRequest', blocks: true },
  { agent: 'copilot', event: 'permissionRequestX', blocks: false },
  { agent: 'kiro', event: 'preToolUse', blocks: true },
];
