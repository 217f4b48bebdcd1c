import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  loadSettingsFile,
  newSettingsFile,
  SettingsError,
  writeSettingsFiles,
} from '../settings/settings-file.js';
import { projectSettingsPaths, userSettingsPath } from '../settings/settings-locations.js';
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

const WHICH_FILES = `which settings files (default: the project's .claude/settings.json and
.claude/settings.local.json, those that exist):
  --dir DIR        the project in DIR instead of the current directory
  --user           the user's settings: $CLAUDE_CONFIG_DIR/settings.json or ~/.claude/settings.json
  --file PATH      one settings file (any file with a Claude Code "hooks" block)`;

export const HELP: Record<SettingsCommand, string> = {
  install: `usage: hookscope install [--dir DIR | --user | --file PATH] [--dry-run] [--command CMD]

Wraps every command hook of Claude Code's settings so that it runs under
\`hookscope exec --event <event> --name <name>\`: every hook is measured without changing it.
Idempotent; keeps every other key and the file's formatting; writes atomically and keeps the
previous file as <file>.hookscope-backup. \`hookscope uninstall\` restores the commands.

${WHICH_FILES}

options:
  --dry-run        print the changes as a diff, write nothing
  --command CMD    how hooks call hookscope (default: the absolute path of this hookscope;
                   use \`hookscope\` for settings shared with a team that has it on PATH)

Claude Code's own telemetry (its counters and events, sent to the collector over OTLP):
  --claude-telemetry
                   also write the "env" entries that turn it on, into .claude/settings.local.json
                   (created if need be; with --user or --file, that file). Entries already set to
                   another value are left alone and reported.
  --otlp-endpoint URL
                   where to send it (default ${DEFAULT_OTLP_ENDPOINT}, the collector's receiver)
  --otlp-protocol P
                   ${OTLP_PROTOCOLS.join(' or ')} (default ${OTLP_PROTOCOLS[0]})`,
  uninstall: `usage: hookscope uninstall [--dir DIR | --user | --file PATH] [--dry-run]

Restores every hook command that \`hookscope install\` wrapped, exactly as it was, and removes
the "env" entries that \`hookscope install --claude-telemetry\` added.

${WHICH_FILES}

options:
  --dry-run        print the changes as a diff, write nothing`,
};

/** `hookscope install` / `uninstall`: returns the exit code. */
export async function runSettingsCommand(kind: SettingsCommand, args: string[]): Promise<number> {
  const flags = parseFlags(
    args,
    {
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
  const launcher = (flags as { command?: string }).command ?? defaultLauncher();
  if (launcher.trim() === '') throw new UsageError('--command must not be empty');

  try {
    const paths = settingsPaths(flags, telemetry !== undefined);
    const files = paths.map(loadSettingsFile);
    const plans = files.map((f) =>
      kind === 'install' ? planInstall(f, launcher) : planUninstall(f),
    );
    const envPlans = new Map<FilePlan, EnvPlan>();
    if (telemetry) {
      const target = resolve(telemetryFile(flags));
      let plan = plans.find((p) => resolve(p.file.path) === target);
      if (!plan) {
        plan = emptyPlan(existsSync(target) ? loadSettingsFile(target) : newSettingsFile(target));
        plans.push(plan);
      }
      const env = planTelemetryInstall(plan.file.path, plan.newText, telemetry);
      plan.newText = env.newText;
      envPlans.set(plan, env);
    } else if (kind === 'uninstall') {
      for (const plan of plans) {
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
      process.stdout.write('dry run: nothing was written\n');
      return 0;
    }
    const backups = writeSettingsFiles(changed.map((p) => ({ file: p.file, newText: p.newText })));
    for (const p of plans) {
      const i = changed.indexOf(p);
      process.stdout.write(summary(kind, p, i >= 0 ? backups[i] : undefined, envPlans.get(p)));
    }
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

/** The settings files to read; with `--claude-telemetry` a missing one is created, not an error. */
function settingsPaths(flags: WhichFiles, mayCreate: boolean): string[] {
  if (flags.file !== undefined) {
    if (existsSync(flags.file)) return [flags.file];
    if (mayCreate) return [];
    throw new SettingsError(`${flags.file}: no such file`);
  }
  if (flags.user) {
    const path = userSettingsPath();
    if (existsSync(path)) return [path];
    if (mayCreate) return [];
    throw new SettingsError(`${path}: no such file (no user settings yet)`);
  }
  const dir = resolve(flags.dir ?? '.');
  const found = projectSettingsPaths(dir).filter((p) => existsSync(p));
  if (found.length === 0 && !mayCreate) {
    throw new SettingsError(
      `no Claude Code settings in ${shown(resolve(dir, '.claude'))} (looked for settings.json and settings.local.json); use --user or --file for others`,
    );
  }
  return found;
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

/** Where `--claude-telemetry` writes: the personal project settings, or the one file chosen. */
function telemetryFile(flags: WhichFiles): string {
  if (flags.file !== undefined) return flags.file;
  if (flags.user) return userSettingsPath();
  return projectSettingsPaths(resolve(flags.dir ?? '.'))[1]!;
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
  let head = n
    ? `${shown(plan.file.path)}: ${n} hook${n === 1 ? '' : 's'} ${verb}`
    : `${shown(plan.file.path)}: ${envChanged ? 'no hook to change' : 'nothing to change'}`;
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
