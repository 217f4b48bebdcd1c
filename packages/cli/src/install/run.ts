import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  loadSettingsFile,
  newSettingsFile,
  SettingsError,
  writeSettingsFiles,
} from '../settings/settings-file.js';
import { AGENTS, agentNamed, agentOfPath, type AgentAdapter } from '../agents/index.js';
import { claudeCode } from '../agents/claude-code.js';
import { unifiedDiff } from '../settings/unified-diff.js';
import { parseFlags, UsageError } from '../usage.js';
import {
  checkEndpoint,
  claudeTelemetryEnv,
  DEFAULT_OTLP_ENDPOINT,
  OTLP_PROTOCOLS,
  planTelemetryInstall,
  planTelemetryUninstall,
  type EnvPlan,
  type OtlpProtocol,
} from './claude-telemetry.js';
import { emptyPlan, planInstall, planUninstall, type FilePlan } from './plan.js';

export type SettingsCommand = 'install' | 'uninstall';

const AGENT_LIST = AGENTS.map((a) => `${a.name} (${a.title})`).join(', ');

const WHICH_FILES = `which agents (default: every agent whose hook config is in the project):
  --agent NAME     only this agent (repeatable, or comma-separated): ${AGENTS.map((a) => a.name).join(', ')}

which files (default: the project's, those that exist: .claude/settings.json,
.claude/settings.local.json, .gemini/settings.json, .codex/hooks.json, .codex/config.toml,
.cursor/hooks.json, .github/hooks/*.json):
  --dir DIR        the project in DIR instead of the current directory
  --user           the user's own config files of each agent (~/.claude/settings.json, ...)
  --file PATH      one file (its agent from its name, else --agent, else Claude Code's format:
                   a plugin's hooks/hooks.json)`;

export const HELP: Record<SettingsCommand, string> = {
  install: `usage: hookscope install [--agent NAME ...] [--dir DIR | --user | --file PATH] [--dry-run] [--command CMD]

Wraps every command hook of the coding agents' hook configs (${AGENT_LIST}) so that it runs
under \`hookscope exec --agent=<agent>\` (with \`--event\` and \`--name\` only where the wrapper
cannot read them from the payload or the command): every hook is measured without changing it. Idempotent; keeps every other byte of each file (comments, formatting);
writes atomically and keeps the previous file as <file>.hookscope-backup. \`hookscope
uninstall\` restores the commands.

${WHICH_FILES}

options:
  --dry-run        print the changes as a diff per file, write nothing
  --command CMD    how hooks call hookscope (default: the absolute path of this hookscope;
                   use \`hookscope\` for configs shared with a team that has it on PATH)

Claude Code's own telemetry (its counters and events, sent to the collector over OTLP):
  --claude-telemetry
                   also write the "env" entries that turn it on, into your user settings
                   ($CLAUDE_CONFIG_DIR/settings.json or ~/.claude/settings.json, created if need
                   be; Claude Code ignores telemetry settings in a project's files), or with
                   --file into that file. Entries already set to another value are left alone
                   and reported; \`hookscope uninstall --user\` removes the others.
  --otlp-endpoint URL
                   where to send it (default ${DEFAULT_OTLP_ENDPOINT}, the collector's receiver)
  --otlp-protocol P
                   ${OTLP_PROTOCOLS.join(' or ')} (default ${OTLP_PROTOCOLS[0]})`,
  uninstall: `usage: hookscope uninstall [--agent NAME ...] [--dir DIR | --user | --file PATH] [--dry-run]

Restores every hook command that \`hookscope install\` wrapped, exactly as it was, and removes
the "env" entries that \`hookscope install --claude-telemetry\` added.

${WHICH_FILES}

options:
  --dry-run        print the changes as a diff per file, write nothing`,
};

/** `hookscope install` / `uninstall`: returns the exit code. */
export async function runSettingsCommand(kind: SettingsCommand, args: string[]): Promise<number> {
  const flags = parseFlags(
    args,
    {
      agent: { type: 'string', multiple: true },
      dir: { type: 'string' },
      user: { type: 'boolean' },
      file: { type: 'string' },
      'dry-run': { type: 'boolean' },
      ...(kind === 'install'
        ? {
            command: { type: 'string' },
            'claude-telemetry': { type: 'boolean' },
            'otlp-endpoint': { type: 'string' },
            'otlp-protocol': { type: 'string' },
          }
        : {}),
    },
    HELP[kind],
  );
  if (!flags) return 0;
  const telemetry = telemetryOptions(flags);
  const chosen = [flags.dir !== undefined, flags.user, flags.file !== undefined].filter(Boolean);
  if (chosen.length > 1) throw new UsageError('choose one of --dir, --user and --file');
  const agents = agentOptions(flags.agent as unknown as string[] | undefined);
  if (flags.file !== undefined && agents && agents.length > 1) {
    throw new UsageError('--file takes one --agent (the agent whose format the file is in)');
  }
  const launcher = (flags as { command?: string }).command ?? defaultLauncher();
  if (launcher.trim() === '') throw new UsageError('--command must not be empty');

  try {
    const found = settingsFiles(flags, agents, telemetry !== undefined);
    const files = found.map(({ path, agent }) => ({
      file: loadSettingsFile(shown(path), agent.formatOf(path)),
      agent,
    }));
    const plans = files.map(({ file, agent }) =>
      kind === 'install' ? planInstall(file, agent, launcher) : planUninstall(file, agent),
    );
    const envPlans = new Map<FilePlan, EnvPlan>();
    if (telemetry) {
      const target = resolve(telemetryFile(flags));
      let plan = plans.find((p) => resolve(p.file.path) === target);
      if (!plan) {
        const file = existsSync(target) ? loadSettingsFile(target) : newSettingsFile(target);
        plan = emptyPlan(file, claudeCode);
        plans.push(plan);
      }
      const env = planTelemetryInstall(plan.file.path, plan.newText, telemetry);
      plan.newText = env.newText;
      envPlans.set(plan, env);
    } else if (kind === 'uninstall') {
      for (const plan of plans) {
        if (plan.agent !== claudeCode) continue;
        const env = planTelemetryUninstall(plan.file.path, plan.newText);
        plan.newText = env.newText;
        envPlans.set(plan, env);
      }
    }
    const changed = plans.filter((p) => p.newText !== p.file.text);
    if (flags['dry-run']) {
      for (const p of changed) {
        process.stdout.write(
          unifiedDiff(
            p.file.text,
            p.newText,
            shown(p.file.path),
            `${shown(p.file.path)} (after hookscope ${kind})`,
          ),
        );
      }
      for (const p of plans) process.stdout.write(summary(kind, p, undefined, envPlans.get(p)));
      process.stdout.write(afterChangeNotes(kind, changed));
      process.stdout.write('dry run: nothing was written\n');
      return 0;
    }
    const backups = writeSettingsFiles(changed.map((p) => ({ file: p.file, newText: p.newText })));
    for (const p of plans) {
      const i = changed.indexOf(p);
      process.stdout.write(summary(kind, p, i >= 0 ? backups[i] : undefined, envPlans.get(p)));
    }
    process.stdout.write(afterChangeNotes(kind, changed));
    if (telemetry) {
      process.stdout.write(
        'Claude Code exports its telemetry once restarted: run `hookscope collector` to receive it.\n',
      );
    } else if (kind === 'install' && changed.length) {
      process.stdout.write(
        'Hooks report to the collector: run `hookscope collector` to see them on /metrics.\n',
      );
    }
    return 0;
  } catch (err) {
    if (err instanceof SettingsError) {
      process.stderr.write(`hookscope ${kind}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

type WhichFiles = { dir?: string; user?: boolean; file?: string };

/** `--agent` values (repeated or comma-separated), checked; undefined when none was given. */
function agentOptions(raw: string[] | undefined): AgentAdapter[] | undefined {
  if (raw === undefined) return undefined;
  const names = raw
    .flatMap((r) => r.split(','))
    .map((n) => n.trim())
    .filter(Boolean);
  if (names.length === 0) throw new UsageError('--agent needs a name');
  const out: AgentAdapter[] = [];
  for (const name of names) {
    const agent = agentNamed(name);
    if (!agent) {
      throw new UsageError(
        `--agent: unknown agent '${name}' (known: ${AGENTS.map((a) => a.name).join(', ')})`,
      );
    }
    if (!out.includes(agent)) out.push(agent);
  }
  return out;
}

/**
 * The config files to read, each with its agent. Without `--agent`, every agent whose files
 * exist; a named agent without any is an error (as is finding none at all). With
 * `--claude-telemetry`, a missing Claude Code file is created, not an error.
 */
function settingsFiles(
  flags: WhichFiles,
  agents: AgentAdapter[] | undefined,
  mayCreate: boolean,
): { path: string; agent: AgentAdapter }[] {
  if (flags.file !== undefined) {
    const agent = agents?.[0] ?? agentOfPath(resolve(flags.file)) ?? claudeCode;
    if (existsSync(flags.file)) return [{ path: flags.file, agent }];
    if (mayCreate) return [];
    throw new SettingsError(`${flags.file}: no such file`);
  }
  const where = flags.user ? 'user' : 'project';
  const dir = resolve(flags.dir ?? '.');
  const out: { path: string; agent: AgentAdapter }[] = [];
  const missing: string[] = [];
  for (const agent of agents ?? AGENTS) {
    const candidates = flags.user ? agent.userFiles(process.env) : agent.projectFiles(dir);
    const existing = candidates.filter((p) => existsSync(p));
    for (const path of existing) out.push({ path, agent });
    if (existing.length === 0 && agents && !(mayCreate && agent === claudeCode)) {
      missing.push(`${agent.title}: ${describeCandidates(agent, candidates, dir, flags.user)}`);
    }
  }
  if (missing.length) {
    throw new SettingsError(`no ${where} hook config found for ${missing.join('; ')}`);
  }
  if (out.length === 0 && !mayCreate) {
    throw new SettingsError(
      `no hook config of any agent ${flags.user ? 'in your home directory' : `in ${shown(dir)}`} (looked for ${AGENTS.map((a) => describeCandidates(a, flags.user ? a.userFiles(process.env) : a.projectFiles(dir), dir, flags.user)).join(', ')}); use ${flags.user ? '--dir' : '--user'} or --file for others`,
    );
  }
  return out;
}

function describeCandidates(
  agent: AgentAdapter,
  candidates: string[],
  dir: string,
  user: boolean | undefined,
): string {
  if (agent.name === 'copilot') return user ? '~/.copilot/hooks/*.json' : '.github/hooks/*.json';
  return candidates.map((p) => (user ? p : relative(dir, p))).join(', ');
}

/** What the user must do in each agent after its hooks changed (Codex's trust). */
function afterChangeNotes(kind: SettingsCommand, changed: FilePlan[]): string {
  let out = '';
  for (const agent of AGENTS) {
    if (!agent.afterChange) continue;
    const plans = changed.filter((p) => p.agent === agent && p.changed.length > 0);
    if (plans.length === 0) continue;
    const n = plans.reduce((sum, p) => sum + p.changed.length, 0);
    out +=
      agent.afterChange(
        kind,
        plans.map((p) => shown(p.file.path)),
        n,
      ) + '\n';
  }
  return out;
}

/** The env entries `--claude-telemetry` writes, or undefined without it. */
function telemetryOptions(flags: Record<string, unknown>): [string, string][] | undefined {
  const endpoint = flags['otlp-endpoint'] as string | undefined;
  const protocol = flags['otlp-protocol'] as string | undefined;
  if (!flags['claude-telemetry']) {
    if (endpoint !== undefined || protocol !== undefined) {
      throw new UsageError('--otlp-endpoint and --otlp-protocol go with --claude-telemetry');
    }
    return undefined;
  }
  const url = endpoint ?? DEFAULT_OTLP_ENDPOINT;
  const bad = checkEndpoint(url);
  if (bad) throw new UsageError(`--otlp-endpoint: ${bad}`);
  if (protocol !== undefined && !(OTLP_PROTOCOLS as readonly string[]).includes(protocol)) {
    throw new UsageError(
      `--otlp-protocol must be ${OTLP_PROTOCOLS.join(' or ')}, got '${protocol}'`,
    );
  }
  return claudeTelemetryEnv(
    url.replace(/\/$/, ''),
    (protocol ?? OTLP_PROTOCOLS[0]) as OtlpProtocol,
  );
}

/**
 * Where the telemetry env goes: the user's settings, unless a file is named. Claude Code does not
 * take OTEL_* and CLAUDE_CODE_ENABLE_TELEMETRY from a project's settings (a repository must not
 * redirect a developer's telemetry), only from the user's and managed settings.
 */
function telemetryFile(flags: WhichFiles): string {
  return flags.file ?? claudeCode.userFiles(process.env)[0]!;
}

function summary(
  kind: SettingsCommand,
  plan: FilePlan,
  backup: string | undefined,
  env: EnvPlan | undefined,
): string {
  const lines: string[] = [];
  const n = plan.changed.length;
  const verb = kind === 'install' ? 'now measured by hookscope exec' : 'restored';
  const m = plan.alreadyMeasured;
  const envChanged = env?.changed.length ?? 0;
  const file = `${shown(plan.file.path)} (${plan.agent.title})`;
  let head = n
    ? `${file}: ${n} hook${n === 1 ? '' : 's'} ${verb}`
    : `${file}: ${envChanged ? 'no hook to change' : 'nothing to change'}`;
  if (plan.file.created) head += ' (new file)';
  if (m) head += `, ${m} already measured`;
  lines.push(backup ? `${head} (previous file: ${shown(backup)})` : head);
  for (const c of plan.changed) {
    const matcher = c.matcher ? ` [${c.matcher}]` : '';
    lines.push(`  ${c.event}${matcher} ${c.name}: ${c.command}`);
  }
  for (const u of plan.unchanged) lines.push(`  left alone: ${u.where} (${u.reason})`);
  if (envChanged) {
    const done = kind === 'install' ? 'set' : 'removed';
    lines.push(`  env for Claude Code's telemetry ${done}: ${env!.changed.join(', ')}`);
  }
  if (env?.alreadySet.length) lines.push(`  env already set: ${env.alreadySet.join(', ')}`);
  for (const c of env?.conflicts ?? []) {
    lines.push(`  left alone: env.${c.key} is ${c.current} (hookscope would set "${c.wanted}")`);
  }
  return lines.join('\n') + '\n';
}

/** The hookscope launcher of this installation (bin/hookscope), as an absolute real path. */
function defaultLauncher(): string {
  const path = fileURLToPath(new URL('../../bin/hookscope', import.meta.url));
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
