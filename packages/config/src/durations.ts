/** Prometheus duration strings (`30s`, `5m`, `1h30m`, `7d`): the format rules and Alertmanager use. */

const UNIT_SECONDS = {
  y: 365 * 86400,
  w: 7 * 86400,
  d: 86400,
  h: 3600,
  m: 60,
  s: 1,
  ms: 0.001,
} as const;

/** Units largest first, each at most once, as Prometheus requires. */
export const DURATION_PATTERN =
  /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Seconds in a Prometheus duration, or undefined when the string is not one. */
export function durationSeconds(text: string): number | undefined {
  const m = DURATION_PATTERN.exec(text);
  if (!m || text === '') return undefined;
  const units = Object.values(UNIT_SECONDS);
  return m.slice(1).reduce((total, n, i) => total + (n ? Number(n) * units[i]! : 0), 0);
}

/** The shortest Prometheus duration string for a whole number of seconds (`3600` -> `1h`). */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  let rest = seconds;
  let out = '';
  for (const [unit, size] of Object.entries(UNIT_SECONDS)) {
    if (unit === 'y' || unit === 'ms') continue; // keep `365d`, and durations here are whole seconds
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
