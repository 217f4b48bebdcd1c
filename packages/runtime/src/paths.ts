import { envValue } from './env.js';
import { nodeBuiltin } from './node-builtins.js';

const { homedir } = nodeBuiltin('node:os');
const { join } = nodeBuiltin('node:path');

type Env = Record<string, string | undefined>;

/** The per-user state directory: `$XDG_STATE_HOME/hookscope`, else `~/.local/state/hookscope`. */
export function defaultStateDir(env: Env = process.env): string {
  const base = envValue(env, 'XDG_STATE_HOME') ?? join(homedir(), '.local', 'state');
  return join(base, 'hookscope');
}

/**
 * Where hooks write finished spans and the collector reads them. Writers and the collector must
 * agree, so both resolve it here: `HOOKSCOPE_SPOOL_DIR`, else `<state dir>/spool`.
 */
export function defaultSpoolDir(env: Env = process.env): string {
  return envValue(env, 'HOOKSCOPE_SPOOL_DIR') ?? join(defaultStateDir(env), 'spool');
}

/**
 * Where the latest test selection of each suite is kept until a full run verifies it (missed
 * failures): `HOOKSCOPE_TEST_SELECTION_DIR`, else `<state dir>/test-selections`.
 */
export function defaultTestSelectionDir(env: Env = process.env): string {
  return (
    envValue(env, 'HOOKSCOPE_TEST_SELECTION_DIR') ?? join(defaultStateDir(env), 'test-selections')
  );
}

/**
 * The collector's OTLP receiver spools what it accepts like a hook does, in files whose random
 * part starts with this tag, so that spans read back from them are labelled `source="otlp"`.
 */
export const RECEIVER_SPOOL_TAG = 'otlp';
const RECEIVER_SPOOL_NAME = new RegExp(`^hs_\\d+_[0-9a-z]+_${RECEIVER_SPOOL_TAG}[0-9a-z]*@`);

export function isReceiverSpoolFile(name: string): boolean {
  return RECEIVER_SPOOL_NAME.test(name);
}
