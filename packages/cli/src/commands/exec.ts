import { runExec } from '../exec/run-exec.js';

/** `hookscope exec` when started through dist/main.js (bin/hookscope takes the faster dist/exec.cjs). */
export async function run(args: string[]): Promise<number> {
  const code = await runExec(args);
  // stdin may still be open (the hook did not read it all): do not wait for it.
  process.exit(code);
}
