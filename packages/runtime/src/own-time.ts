/**
 * hookscope's own time in this process: the monitoring overhead a hook reports on its span
 * (ATTR_HOOK_OVERHEAD). Sections of the library's own work (initTelemetry, starting and ending
 * spans, encoding and writing spool lines, remembering test selections) are timed with
 * `process.hrtime`; sections never contain the hook's code, and a section started inside
 * another one counts once (as part of the outer one). The time adds up until a hook span takes it.
 */

type Hr = [number, number];

/** Nanoseconds of own work measured and not yet reported on a hook span (integers add exactly). */
let unreportedNs = 0;
/** Start of the section being timed; undefined between sections. */
let since: Hr | undefined;

/**
 * Starts timing a section of hookscope's own work. Returns the token to pass to `stopOwnWork`, or
 * undefined when a section is already being timed (this one is part of it). Call `stopOwnWork`
 * in a `finally`: a section left open would charge the hook's own time to hookscope.
 */
export function startOwnWork(): Hr | undefined {
  if (since !== undefined) return undefined;
  return (since = process.hrtime());
}

/** Ends the section `token` started; a no-op for undefined or an already ended section. */
export function stopOwnWork(token: Hr | undefined): void {
  if (token === undefined || token !== since) return;
  unreportedNs += elapsedNs(token);
  since = undefined;
}

/**
 * The own time not yet reported, in seconds, including the section being timed now (which goes
 * on from here), and starts counting from zero again.
 */
export function takeOwnTime(): number {
  if (since !== undefined) {
    const now = process.hrtime();
    unreportedNs += (now[0] - since[0]) * 1e9 + now[1] - since[1];
    // Restart in place: the open section's token stays valid for its stopOwnWork.
    since[0] = now[0];
    since[1] = now[1];
  }
  const t = unreportedNs / 1e9;
  unreportedNs = 0;
  return t;
}

/** Nanoseconds since `t` (two plain clock reads cost less than `process.hrtime(t)`). */
function elapsedNs(t: Hr): number {
  const now = process.hrtime();
  return (now[0] - t[0]) * 1e9 + now[1] - t[1];
}

/** Runs `f` (no hook code in it) as a timed section of hookscope's own work. */
export function ownWork<T>(f: () => T): T {
  const token = startOwnWork();
  try {
    return f();
  } finally {
    stopOwnWork(token);
  }
}
