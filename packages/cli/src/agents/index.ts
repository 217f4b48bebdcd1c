import type { AgentAdapter } from './adapter.js';
import { claudeCode } from './claude-code.js';
import { codex } from './codex.js';
import { copilot } from './copilot.js';
import { cursor } from './cursor.js';
import { geminiCli } from './gemini-cli.js';

export type { AgentAdapter } from './adapter.js';

/** Every agent whose hooks hookscope installs into, in the order they are reported. */
export const AGENTS: readonly AgentAdapter[] = [claudeCode, geminiCli, codex, cursor, copilot];

export function agentNamed(name: string): AgentAdapter | undefined {
  return AGENTS.find((a) => a.name === name);
}

/** The agent a file belongs to by its name, for `--file` without `--agent`. */
export function agentOfPath(path: string): AgentAdapter | undefined {
  return AGENTS.find((a) => a.ownsPath(path));
}
