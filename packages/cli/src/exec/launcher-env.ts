/**
 * Environment variables the `bin/hookscope` launcher moves aside before starting Node for
 * `exec` (NODE_EXTRA_CA_CERTS alone costs Node 20 tens of milliseconds at start-up, and
 * NODE_OPTIONS may preload code the wrapper does not want) and that the wrapper puts back for
 * the hook, so the hook's environment is exactly the caller's. The names are also written in
 * bin/hookscope.
 */
export const STASHED_VARIABLES = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'] as const;
export const STASH_PREFIX = 'HOOKSCOPE_STASHED_';

/** The caller's environment as it was before the launcher touched it. */
export function callerEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const name of STASHED_VARIABLES) {
    const stashed = out[STASH_PREFIX + name];
    if (stashed === undefined) continue;
    out[name] = stashed;
    delete out[STASH_PREFIX + name];
  }
  return out;
}
