import { dropOutputToClosedPipes } from './closed-output.js';
import { UsageError } from './usage.js';

/**
 * A config file that cannot be used (the config package's ConfigError). Recognised by name so that
 * the fast entries, which never read a config, need not load the config package.
 */
function isConfigError(err: unknown): err is Error {
  return err instanceof Error && err.name === 'ConfigError';
}

/**
 * Runs a subcommand and sets the exit code: its own; 2 with its message for bad usage; 1 for a
 * config that cannot be used, with the reason (file, key, fix) and what the command left undone.
 * Shared by dist/main.js and the fast entries bin/hookscope starts directly (emit-main.ts).
 */
export async function runCommand(
  name: string,
  run: (args: string[]) => Promise<number>,
  args: string[],
  leftUndone = 'nothing was changed',
): Promise<void> {
  dropOutputToClosedPipes();
  try {
    process.exitCode = await run(args);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`hookscope ${name}: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    if (isConfigError(err)) {
      process.stderr.write(`hookscope ${name}: ${err.message}\n${leftUndone}.\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(
      `hookscope: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  }
}
