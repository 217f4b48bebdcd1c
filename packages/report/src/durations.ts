/**
 * Prometheus duration strings (`30m`, `24h`, `7d`) for --window and --baseline.
 * TODO(issue 5): use @hookscope/config's durationSeconds/formatDuration once it lands on main.
 */
const UNITS: readonly [string, number][] = [
  ['w', 7 * 86400],
  ['d', 86400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
];
const PATTERN = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Seconds in a duration such as `24h` or `1h30m`, or undefined when the string is not one. */
export function durationSeconds(text: string): number | undefined {
  const m = PATTERN.exec(text);
  if (!m || text === '') return undefined;
  return m.slice(1).reduce((total, n, i) => total + (n ? Number(n) * UNITS[i]![1] : 0), 0);
}

/** The shortest duration string for a whole number of seconds (`3600` -> `1h`). */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  let rest = Math.round(seconds);
  let out = '';
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
