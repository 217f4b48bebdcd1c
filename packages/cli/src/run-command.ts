import { dropOutputToClosedPipes } from './closed-output.js';
import { UsageError } from './usage.js';

/**
 * Runs a subcommand and sets the exit code: its own, 2 with its message for bad usage. Shared by
 * dist/main.js and the fast entries bin/hookscope starts directly (emit-main.ts).
 */
export async function runCommand(
  name: string,
  run: (args: string[]) => Promise<number>,
  args: string[],
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
    process.stderr.write(
      `hookscope: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  }
}
