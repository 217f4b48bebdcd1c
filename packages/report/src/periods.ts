import { durationSeconds, formatDuration } from '@hookscope/config';
import { ReportError } from './errors.js';

/** A time range [start, end] in unix seconds, with its length as a PromQL range (`24h`). */
export interface Period {
  start: number;
  end: number;
  seconds: number;
  /** The length as a PromQL range, and as the user wrote it (for texts). */
  range: string;
  label: string;
  /** How far back from the start and the end the values there are read. */
  lookback: string;
  /**
   * Every collector was scraped at both ends (see collectorsAt): the period's counts are end
   * minus start values, exact; otherwise increase() over the period.
   */
  exact?: boolean;
}

/** The report window, the baseline before it, and the resolution of the trend charts. */
export interface Periods {
  window: Period;
  baseline: Period;
  /** Trend resolution: seconds per chart point, and the same as a PromQL range. */
  step: number;
  stepRange: string;
}

/**
 * How far back from a period's ends values are read: many scrape intervals, and few samples
 * to read per series (at most the trend step, for short periods).
 */
const LOOKBACK_SECONDS = 600;
/** Trend points per window: enough for a readable chart, few enough for a fast query. */
const TREND_POINTS = 24;
/** Steps the trend resolution is rounded up to, so points fall on round times. */
const NICE_STEPS = [
  '10s',
  '30s',
  '1m',
  '5m',
  '10m',
  '15m',
  '30m',
  '1h',
  '2h',
  '3h',
  '4h',
  '6h',
  '8h',
  '12h',
  '1d',
  '2d',
  '7d',
].map((d) => durationSeconds(d)!);

function parseDurationFlag(name: string, text: string): number {
  const s = durationSeconds(text);
  if (s === undefined || s <= 0) {
    throw new ReportError(`--${name} must be a duration such as 24h, 7d or 1h30m, got '${text}'`);
  }
  // Shorter periods hold too few scrapes for increase() to say anything.
  if (s < 30) throw new ReportError(`--${name} must be at least 30s, got '${text}'`);
  return s;
}

/**
 * The window ends at `end` and spans `window` (`24h`); the baseline is the `baseline` (`7d`)
 * right before it: the last 24 hours against the 7 days before them. Throws ReportError naming
 * the flag when a duration is not one.
 */
export function reportPeriods(end: number, window: string, baseline: string): Periods {
  const windowSeconds = parseDurationFlag('window', window);
  const step = NICE_STEPS.find((s) => s >= windowSeconds / TREND_POINTS) ?? NICE_STEPS.at(-1)!;
  const stepRange = formatDuration(step);
  const lookback = formatDuration(Math.min(step, LOOKBACK_SECONDS));
  const w = period(end, windowSeconds, window, lookback);
  const b = period(w.start, parseDurationFlag('baseline', baseline), baseline, lookback);
  return { window: w, baseline: b, step, stepRange };
}

function period(end: number, seconds: number, label: string, lookback: string): Period {
  return { start: end - seconds, end, seconds, range: formatDuration(seconds), label, lookback };
}

/** `--end`: RFC 3339 or unix seconds; default now. */
export function parseEnd(text: string | undefined, now: number): number {
  if (text === undefined) return Math.floor(now);
  if (/^\d+(\.\d+)?$/.test(text)) return Math.floor(Number(text));
  const ms = Date.parse(text);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
    throw new ReportError(
      `--end must be an RFC 3339 time (2026-11-20T12:00:00Z) or unix seconds, got '${text}'`,
    );
  }
  return Math.floor(ms / 1000);
}
