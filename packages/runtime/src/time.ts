import type { TimeInput } from '@opentelemetry/api';

/**
 * Times are kept as [seconds, nanoseconds] since the epoch, as the OpenTelemetry SDK's HrTime:
 * a float of nanoseconds since 1970 would lose precision (above 2^53).
 */
export type Hr = [number, number];

// Epoch time from one Date.now() plus the monotonic clock: durations keep nanosecond
// precision, and the global `performance` (which loads perf_hooks, ~2 ms) is not touched.
const ORIGIN_MS = Date.now();
const ORIGIN_HR = process.hrtime();

const ORIGIN: Hr = msToHr(ORIGIN_MS);

export function nowHr(): Hr {
  const [s, ns] = process.hrtime(ORIGIN_HR);
  const total = ORIGIN[1] + ns;
  return total >= 1e9 ? [ORIGIN[0] + s + 1, total - 1e9] : [ORIGIN[0] + s, total];
}

function msToHr(ms: number): Hr {
  const s = Math.floor(ms / 1000);
  return [s, Math.round((ms - s * 1000) * 1e6)];
}

export function toHr(t: TimeInput | undefined): Hr {
  if (t === undefined) return nowHr();
  if (Array.isArray(t)) return [t[0], t[1]];
  if (t instanceof Date) return msToHr(t.getTime());
  // Numbers far below the epoch now are performance.now() values, as the SDK treats them; whoever
  // passes one has loaded `performance` already.
  return msToHr(t < ORIGIN_MS / 2 ? performance.timeOrigin + t : t);
}

/** Nanoseconds since the epoch as a decimal string (OTLP JSON encodes fixed64 as strings). */
export function hrToNanosString(t: Hr): string {
  let [s, ns] = t;
  if (ns >= 1e9) {
    s += Math.floor(ns / 1e9);
    ns %= 1e9;
  }
  if (s === 0) return String(ns);
  // Whole nanoseconds (always, but for odd input): 1e9 + ns less its leading 1, nine digits.
  return Number.isInteger(ns) && ns >= 0
    ? `${s}${String(1e9 + ns).slice(1)}`
    : `${s}${String(ns).padStart(9, '0')}`;
}

export function hrDiffSeconds(start: Hr, end: Hr): number {
  return end[0] - start[0] + (end[1] - start[1]) / 1e9;
}

/** `t` minus a non-negative number of seconds, exact to the nanosecond. */
export function hrMinusSeconds(t: Hr, seconds: number): Hr {
  const whole = Math.floor(seconds);
  let s = t[0] - whole;
  let ns = t[1] - Math.round((seconds - whole) * 1e9);
  while (ns < 0) {
    ns += 1e9;
    s--;
  }
  return [s, ns];
}
