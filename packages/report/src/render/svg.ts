import { esc } from './escape.js';

/**
 * Inline SVG charts for the HTML report: plain shapes and text, no script, no external fonts or
 * files, so the report renders offline in any browser and survives being mailed or attached.
 */

export const PALETTE = [
  '#2563eb',
  '#dc2626',
  '#059669',
  '#d97706',
  '#7c3aed',
  '#0891b2',
  '#db2777',
];
const AXIS = '#6b7280';
const GRID = '#e5e7eb';
const FONT = 'font-family="system-ui, sans-serif" font-size="12"';

export interface Bar {
  label: string;
  value: number;
  /** Text shown after the bar. */
  display: string;
  highlight?: boolean;
}

/** Horizontal bars, one per item, scaled to the largest value (or `max`). */
export function barChart(
  title: string,
  bars: readonly Bar[],
  opts: { max?: number; marker?: { value: number; label: string } } = {},
): string {
  const labelW = 220;
  const barW = 340;
  const rowH = 24;
  const width = labelW + barW + 200;
  const height = bars.length * rowH + 30;
  const max = opts.max ?? Math.max(...bars.map((b) => b.value), 1e-9);
  const x = (v: number) => labelW + (Math.min(v, max) / max) * barW;
  const rows = bars.map((b, i) => {
    const y = 8 + i * rowH;
    return (
      `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${esc(clip(b.label, 32))}</text>` +
      `<rect class="bar" x="${labelW}" y="${y + 3}" width="${Math.max(x(b.value) - labelW, 1).toFixed(1)}" height="${rowH - 8}" fill="${b.highlight ? PALETTE[1] : PALETTE[0]}"><title>${esc(`${b.label}: ${b.display}`)}</title></rect>` +
      `<text x="${(x(b.value) + 6).toFixed(1)}" y="${y + 15}">${esc(b.display)}</text>`
    );
  });
  const marker = opts.marker
    ? `<line x1="${x(opts.marker.value)}" x2="${x(opts.marker.value)}" y1="4" y2="${height - 22}" stroke="${AXIS}" stroke-dasharray="4 3"/>` +
      `<text x="${x(opts.marker.value)}" y="${height - 8}" text-anchor="middle" fill="${AXIS}">${esc(opts.marker.label)}</text>`
    : '';
  return svg(title, width, height, rows.join('') + marker);
}

export interface Line {
  name: string;
  points: readonly (readonly [number, number])[];
}

/** Lines over time with a y axis from 0, an optional dashed threshold, and a legend. */
export function lineChart(
  title: string,
  lines: readonly Line[],
  opts: {
    formatY: (v: number) => string;
    formatX: (t: number) => string;
    threshold?: { value: number; label: string };
  },
): string {
  const width = 720;
  const plotH = 220;
  const left = 70;
  const right = 20;
  const top = 10;
  const legendH = 18 * Math.ceil(lines.length / 3);
  const height = top + plotH + 30 + legendH;
  const all = lines.flatMap((l) => l.points);
  const ts = all.map(([t]) => t);
  const t0 = Math.min(...ts);
  const t1 = Math.max(...ts, t0 + 1);
  let yMax = Math.max(...all.map(([, v]) => v), 1e-9);
  if (opts.threshold && opts.threshold.value < yMax * 2)
    yMax = Math.max(yMax, opts.threshold.value);
  yMax *= 1.1;
  const x = (t: number) => left + ((t - t0) / (t1 - t0)) * (width - left - right);
  const y = (v: number) => top + plotH - (v / yMax) * plotH;
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => {
      const v = yMax * f;
      return (
        `<line x1="${left}" x2="${width - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="${GRID}"/>` +
        `<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" fill="${AXIS}">${esc(opts.formatY(v))}</text>`
      );
    })
    .join('');
  const xLabels = [t0, (t0 + t1) / 2, t1]
    .map(
      (t, i) =>
        `<text x="${x(t).toFixed(1)}" y="${top + plotH + 18}" text-anchor="${['start', 'middle', 'end'][i]}" fill="${AXIS}">${esc(opts.formatX(t))}</text>`,
    )
    .join('');
  const threshold =
    opts.threshold && opts.threshold.value <= yMax
      ? `<line x1="${left}" x2="${width - right}" y1="${y(opts.threshold.value).toFixed(1)}" y2="${y(opts.threshold.value).toFixed(1)}" stroke="${PALETTE[1]}" stroke-dasharray="6 4"/>` +
        `<text x="${width - right}" y="${(y(opts.threshold.value) - 4).toFixed(1)}" text-anchor="end" fill="${PALETTE[1]}">${esc(opts.threshold.label)}</text>`
      : '';
  const paths = lines
    .map((l, i) => {
      const color = PALETTE[i % PALETTE.length];
      const d = l.points
        .map(([t, v], j) => `${j ? 'L' : 'M'}${x(t).toFixed(1)},${y(v).toFixed(1)}`)
        .join('');
      const dots =
        l.points.length === 1
          ? `<circle cx="${x(l.points[0]![0])}" cy="${y(l.points[0]![1])}" r="3" fill="${color}"/>`
          : '';
      return `<path class="line" d="${d}" fill="none" stroke="${color}" stroke-width="2"><title>${esc(l.name)}</title></path>${dots}`;
    })
    .join('');
  const legend = lines
    .map((l, i) => {
      const lx = left + (i % 3) * 220;
      const ly = top + plotH + 34 + Math.floor(i / 3) * 18;
      return (
        `<rect x="${lx}" y="${ly - 9}" width="12" height="4" fill="${PALETTE[i % PALETTE.length]}"/>` +
        `<text x="${lx + 18}" y="${ly - 3}">${esc(clip(l.name, 30))}</text>`
      );
    })
    .join('');
  const axes = `<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" stroke="${AXIS}"/><line x1="${left}" x2="${width - right}" y1="${top + plotH}" y2="${top + plotH}" stroke="${AXIS}"/>`;
  return svg(title, width, height, grid + axes + xLabels + threshold + paths + legend);
}

export interface Dumbbell {
  label: string;
  from: number;
  to: number;
  display: string;
}

/** Baseline -> window per item: a grey dot, an arrow to a colored dot (red when worse). */
export function dumbbellChart(
  title: string,
  items: readonly Dumbbell[],
  formatX: (v: number) => string,
  worseIsHigher = true,
): string {
  const labelW = 220;
  const plotW = 380;
  const rowH = 26;
  const width = labelW + plotW + 130;
  const height = items.length * rowH + 34;
  const max = Math.max(...items.flatMap((d) => [d.from, d.to]), 1e-9) * 1.05;
  const x = (v: number) => labelW + (v / max) * plotW;
  const rows = items.map((d, i) => {
    const y = 12 + i * rowH + 8;
    const worse = worseIsHigher ? d.to > d.from : d.to < d.from;
    const color = worse ? PALETTE[1] : PALETTE[2];
    return (
      `<text x="${labelW - 8}" y="${y + 4}" text-anchor="end">${esc(clip(d.label, 32))}</text>` +
      `<line x1="${x(d.from).toFixed(1)}" x2="${x(d.to).toFixed(1)}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="2"/>` +
      `<circle class="from" cx="${x(d.from).toFixed(1)}" cy="${y}" r="5" fill="${AXIS}"><title>baseline ${esc(formatX(d.from))}</title></circle>` +
      `<circle class="to" cx="${x(d.to).toFixed(1)}" cy="${y}" r="5" fill="${color}"><title>window ${esc(formatX(d.to))}</title></circle>` +
      `<text x="${labelW + plotW + 12}" y="${y + 4}">${esc(d.display)}</text>`
    );
  });
  const axis =
    `<line x1="${labelW}" x2="${labelW + plotW}" y1="${height - 20}" y2="${height - 20}" stroke="${AXIS}"/>` +
    [0, 0.5, 1]
      .map(
        (f) =>
          `<text x="${x(max * f).toFixed(1)}" y="${height - 6}" text-anchor="middle" fill="${AXIS}">${esc(formatX(max * f))}</text>`,
      )
      .join('');
  return svg(title, width, height, rows.join('') + axis);
}

function svg(title: string, width: number, height: number, body: string): string {
  return (
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" ` +
    `viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ${FONT}>` +
    `<title>${esc(title)}</title>${body}</svg>`
  );
}

function clip(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}
