import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A bad flag or argument: printed with the command name, exit code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** `parseArgs` with errors turned into UsageError messages that name the flag. */
export function parseFlags<O extends Options>(args: string[], options: O, help: string) {
  try {
    const parsed = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
    if ((parsed.values as Record<string, unknown>)['help']) {
      process.stdout.write(help + '\n');
      return undefined;
    }
    return parsed.values as { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string };
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${help}`);
  }
}

/** A flag that must be an integer in a range. */
export function intFlag(
  name: string,
  raw: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got '${raw}'`);
  }
  return n;
}
