/** Number formatting shared by the report's texts and renderers: one style everywhere. */

/** A duration for people: 850 ms, 2.4 s, 12 s, 3 m 20 s, 1 h 05 m. */
export function fmtSeconds(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return 'n/a';
  const a = Math.abs(s);
  if (a === 0) return '0 s';
  if (a < 0.001) return `${(s * 1e6).toFixed(0)} µs`;
  if (a < 0.9995) return `${sig3(s * 1000)} ms`;
  if (a < 59.95) return `${sig3(s)} s`;
  const sign = s < 0 ? '-' : '';
  const secs = Math.round(a);
  if (secs < 3600) return `${sign}${Math.floor(secs / 60)} m ${pad(secs % 60)} s`;
  const mins = Math.round(a / 60);
  if (mins < 1440) return `${sign}${Math.floor(mins / 60)} h ${pad(mins % 60)} m`;
  const hours = Math.round(a / 3600);
  return `${sign}${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** A share: 55%, 4.2%, 0.35%. */
export function fmtPercent(r: number | undefined): string {
  if (r === undefined || !Number.isFinite(r)) return 'n/a';
  const p = r * 100;
  const a = Math.abs(p);
  const text = a >= 10 ? p.toFixed(0) : a >= 1 ? p.toFixed(1) : p.toPrecision(2);
  return `${text.includes('.') ? text.replace(/\.?0+$/, '') : text}%`;
}

/** A relative change: +190%, -35%. */
export function fmtChange(r: number | undefined): string {
  if (r === undefined || !Number.isFinite(r)) return 'new';
  return `${r >= 0 ? '+' : ''}${fmtPercent(r)}`;
}

/** A count: 12,345 (by hand: the first toLocaleString call loads ICU data, ~0.1 s). */
export function fmtCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A unix time as RFC 3339 (UTC, seconds). */
export function isoTime(t: number): string {
  return new Date(t * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

/** A unix time for tables and charts: 2026-11-20 14:00 UTC. */
export function fmtTime(t: number): string {
  return isoTime(t)
    .replace('T', ' ')
    .replace(/:\d\dZ$/, ' UTC');
}

/** Three significant digits without trailing zeros (for values from 1 to 999.5). */
function sig3(v: number): string {
  const t = v.toPrecision(3);
  return t.includes('.') ? t.replace(/\.?0+$/, '') : t;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
