#!/usr/bin/env node
/**
 * The `hookscope` command. Each subcommand is loaded on demand so that fast paths (those run
 * around every hook) load nothing they do not use.
 */
import { runCommand } from './run-command.js';

interface Command {
  summary: string;
  load: () => Promise<{ run(args: string[]): Promise<number> }>;
  /** What the command did not do when its config cannot be used (said after the reason). */
  leftUndone?: string;
}

const COMMANDS: Record<string, Command> = {
  up: {
    summary: 'start the collector, Prometheus and Alertmanager locally; Ctrl-C stops them',
    load: () => import('./commands/up.js'),
    leftUndone: 'nothing was started',
  },
  collector: {
    summary: 'run the collector in the foreground (spool -> /metrics)',
    load: () => import('./commands/collector.js'),
  },
  emit: {
    summary: 'record an agent, validation, test, cache or conversation event from any language',
    load: () => import('./commands/emit.js'),
  },
  generate: {
    summary: 'generate Prometheus rules and configs from hookscope.config.yaml',
    load: () => import('./commands/generate.js'),
    leftUndone: 'nothing was generated',
  },
  config: {
    summary: 'write the documented default config, or check a config',
    load: () => import('./commands/config.js'),
    leftUndone: 'hookscope cannot use this config until that is fixed',
  },
  exec: {
    summary: 'run a hook command and measure it (-- <command> [args...])',
    load: () => import('./commands/exec.js'),
  },
  report: {
    summary: 'performance report from Prometheus: scorecard, bottlenecks, regressions',
    load: () => import('./commands/report.js'),
    leftUndone: 'no report was written',
  },
  demo: {
    summary: 'feed realistic synthetic hook, agent, test, cache and conversation traffic',
    load: () => import('./commands/demo.js'),
  },
  install: {
    summary: "measure every hook of Claude Code's settings (wraps them with exec)",
    load: () => import('./commands/install.js'),
  },
  uninstall: {
    summary: 'restore the hook commands that install wrapped',
    load: () => import('./commands/uninstall.js'),
  },
};

export function usage(): string {
  const lines = ['usage: hookscope <command> [options]', '', 'commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(12)} ${c.summary}`);
  lines.push('', 'Run `hookscope <command> --help` for the options of a command.');
  return lines.join('\n');
}

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    process.exitCode = name ? 0 : 2;
    return;
  }
  if (name === '--version' || name === '-v') {
    const { HOOKSCOPE_VERSION } = await import('@hookscope/catalog');
    process.stdout.write(`hookscope ${HOOKSCOPE_VERSION}\n`);
    return;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`hookscope: unknown command '${name}'\n\n${usage()}\n`);
    process.exitCode = 2;
    return;
  }
  await runCommand(
    name,
    async (args) => (await command.load()).run(args),
    rest,
    command.leftUndone,
  );
}

void main(process.argv.slice(2));
