import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Why `dir` (or, when it does not exist yet, its nearest existing parent) cannot be written. */
export function notWritable(dir: string): string | undefined {
  let d = dir;
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  try {
    if (!statSync(d).isDirectory())
      return d === dir ? 'not a directory' : `${d} is not a directory`;
    accessSync(d, constants.W_OK | constants.X_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return d === dir ? `${code}` : `${code} on ${d}`;
  }
}
