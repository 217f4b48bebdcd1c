import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSettingsFile, SettingsError, writeSettingsFiles } from '../settings/settings-file.js';
import { projectSettingsPaths, userSettingsPath } from '../settings/settings-locations.js';
import { unifiedDiff } from '../settings/unified-diff.js';
import { parseFlags, UsageError } from '../usage.js';
import { planInstall, planUninstall, type FilePlan } from './plan.js';

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
                   use \`hookscope\` for settings shared with a team that has it on PATH)`,
  uninstall: `usage: hookscope uninstall [--dir DIR | --user | --file PATH] [--dry-run]

Restores every hook command that \`hookscope install\` wrapped, exactly as it was.

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
      ...(kind === 'install' ? { command: { type: 'string' } } : {}),
    },
    HELP[kind],
  );
  if (!flags) return 0;
  const chosen = [flags.dir !== undefined, flags.user, flags.file !== undefined].filter(Boolean);
  if (chosen.length > 1) throw new UsageError('choose one of --dir, --user and --file');
  const launcher = (flags as { command?: string }).command ?? defaultLauncher();
  if (launcher.trim() === '') throw new UsageError('--command must not be empty');

  try {
    const paths = settingsPaths(flags);
    const files = paths.map(loadSettingsFile);
    const plans = files.map((f) =>
      kind === 'install' ? planInstall(f, launcher) : planUninstall(f),
    );
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
      for (const p of plans) process.stdout.write(summary(kind, p, undefined));
      process.stdout.write('dry run: nothing was written\n');
      return 0;
    }
    const backups = writeSettingsFiles(changed.map((p) => ({ file: p.file, newText: p.newText })));
    for (const p of plans) {
      const i = changed.indexOf(p);
      process.stdout.write(summary(kind, p, i >= 0 ? backups[i] : undefined));
    }
    if (kind === 'install' && changed.length) {
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

function settingsPaths(flags: { dir?: string; user?: boolean; file?: string }): string[] {
  if (flags.file !== undefined) {
    if (!existsSync(flags.file)) throw new SettingsError(`${flags.file}: no such file`);
    return [flags.file];
  }
  if (flags.user) {
    const path = userSettingsPath();
    if (!existsSync(path)) throw new SettingsError(`${path}: no such file (no user settings yet)`);
    return [path];
  }
  const dir = resolve(flags.dir ?? '.');
  const found = projectSettingsPaths(dir).filter((p) => existsSync(p));
  if (found.length === 0) {
    throw new SettingsError(
      `no Claude Code settings in ${shown(resolve(dir, '.claude'))} (looked for settings.json and settings.local.json); use --user or --file for others`,
    );
  }
  return found;
}

function summary(kind: SettingsCommand, plan: FilePlan, backup: string | undefined): string {
  const lines: string[] = [];
  const n = plan.changed.length;
  const verb = kind === 'install' ? 'now measured by hookscope exec' : 'restored';
  const m = plan.alreadyMeasured;
  let head = n
    ? `${shown(plan.file.path)}: ${n} hook${n === 1 ? '' : 's'} ${verb}`
    : `${shown(plan.file.path)}: nothing to change`;
  if (m) head += `, ${m} already measured`;
  lines.push(backup ? `${head} (previous file: ${shown(backup)})` : head);
  for (const c of plan.changed) {
    const matcher = c.matcher ? ` [${c.matcher}]` : '';
    lines.push(`  ${c.event}${matcher} ${c.name}: ${c.command}`);
  }
  for (const u of plan.unchanged) lines.push(`  left alone: ${u.where} (${u.reason})`);
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
