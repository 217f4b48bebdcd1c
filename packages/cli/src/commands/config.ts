import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  CONFIG_FILE_NAME,
  loadConfig,
  renderConfigSchema,
  renderDefaultConfig,
  SCHEMA_FILE_NAME,
} from '@hookscope/config';
import { notWritable } from '../writable.js';
import { parseFlags, UsageError } from '../usage.js';

const HELP = `usage: hookscope config <init|check> [options]

  init [--dir DIR] [--force] [--generate-dir DIR]
                               write the documented defaults (${CONFIG_FILE_NAME}) and its JSON
                               Schema (${SCHEMA_FILE_NAME}) into DIR (default: the current
                               directory); refuses to overwrite an existing config without --force
                               (which resets it to the defaults); --generate-dir sets generate.dir,
                               where \`hookscope generate\` writes
  check [--config FILE]        validate the config hookscope would use and say which file it is`;

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'init') return init(rest);
  if (sub === 'check') return check(rest);
  if (!sub || sub === '--help' || sub === '-h') {
    process.stdout.write(HELP + '\n');
    return sub ? 0 : 2;
  }
  throw new UsageError(`unknown subcommand '${sub}'\n\n${HELP}`);
}

async function init(args: string[]): Promise<number> {
  const flags = parseFlags(
    args,
    { dir: { type: 'string' }, force: { type: 'boolean' }, 'generate-dir': { type: 'string' } },
    HELP,
  );
  if (!flags) return 0;
  const dir = resolve(flags.dir ?? '.');
  const target = join(dir, CONFIG_FILE_NAME);
  if (existsSync(target) && !flags.force) {
    process.stderr.write(
      `hookscope config init: ${target} exists; use --force to replace it with the defaults\n`,
    );
    return 1;
  }
  const why = notWritable(dir);
  if (why) {
    process.stderr.write(
      `hookscope config init: cannot write into ${dir} (${why}): choose another directory with --dir DIR, or make it writable\n`,
    );
    return 1;
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(target, renderDefaultConfig({ generateDir: flags['generate-dir'] }));
  writeFileSync(join(dir, SCHEMA_FILE_NAME), renderConfigSchema());
  process.stdout.write(
    `wrote ${target} and ${SCHEMA_FILE_NAME}; edit it, then run hookscope generate\n`,
  );
  return 0;
}

async function check(args: string[]): Promise<number> {
  const flags = parseFlags(args, { config: { type: 'string' } }, HELP);
  if (!flags) return 0;
  const loaded = loadConfig({ path: flags.config });
  process.stdout.write(
    loaded.path ? `${loaded.path}: ok\n` : `no ${CONFIG_FILE_NAME} found; the defaults apply\n`,
  );
  return 0;
}
