import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HookShape } from '../settings/hook-lists.js';
import type { SettingsFormat } from '../settings/settings-file.js';

/**
 * What hookscope knows about one coding agent's hooks: where its hook config lives (project and
 * user level), how that file is written and laid out, and what the user must do after its hooks
 * changed. Everything after the adapter (wrapping, the wrapper, metrics) is the same for all
 * agents. The agent's name is the `agent` label of the hook metrics.
 */
export interface AgentAdapter {
  /** Label value and `--agent` name: claude-code, gemini-cli, codex, cursor, copilot. */
  readonly name: string;
  /** The agent's own name, for messages. */
  readonly title: string;
  readonly shape: HookShape;
  /**
   * Whether the JSON payload on a hook's stdin names its event (`hook_event_name`): install then
   * leaves `--event` out of the wrapped command, which the agent may quote to its model.
   */
  readonly payloadNamesEvent: boolean;
  /** Config files of a project, in the order the agent reads them (those that may exist). */
  projectFiles(dir: string): string[];
  /** The user's own config files. */
  userFiles(env: NodeJS.ProcessEnv): string[];
  formatOf(path: string): SettingsFormat;
  /** Whether a file given with `--file` is, by its name, this agent's. */
  ownsPath(path: string): boolean;
  /**
   * Whether the agent knows an entry without a `name` by its command (Gemini CLI: in its own
   * telemetry's hook_name, its hooks list, and `hooksConfig.disabled`). Install then writes the
   * command as it was into `name`, so that wrapping it changes none of these; uninstall removes
   * that name again.
   */
  readonly namesHooksByCommand?: boolean;
  /** What the user must do after `changed` hooks of `files` were rewritten (Codex's trust). */
  afterChange?(kind: 'install' | 'uninstall', files: readonly string[], changed: number): string;
  /**
   * How a hook that exits 0 says "deny" in the JSON object it prints on stdout: any one rule
   * that holds makes the run `blocked`. The native launcher's copy of these rules is generated
   * from them (native/deny_rules.h).
   */
  readonly denies: readonly DenyRule[];
  /**
   * The events on which exit code 2 blocks, when not all of them (GitHub Copilot treats it as a
   * warning except on permissionRequest): elsewhere such a run counts as an `error`. Also in the
   * native launcher's generated rules.
   */
  readonly exit2BlocksOnly?: readonly string[];
}

/**
 * One way of saying "deny": the member at `path` (nested objects, outermost first, at most
 * three deep) holds `value` exactly.
 */
export interface DenyRule {
  readonly path: readonly string[];
  readonly value: string | false;
}

/** The `*.json` files of a directory, sorted (Copilot reads every one). */
export function jsonFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && e.name.endsWith('.json'))
      .map((e) => join(dir, e.name))
      .sort();
  } catch {
    return [];
  }
}

/** Path separators of either kind, so names match on any platform's spelling. */
export function endsWithPath(path: string, ...tails: string[]): boolean {
  const p = path.replace(/\\/g, '/');
  return tails.some((t) => p === t || p.endsWith('/' + t));
}
