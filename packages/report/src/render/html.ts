import { fmtCount, fmtPercent, fmtSeconds, fmtTime } from '../format.js';
import type { Report, WorkSection } from '../model.js';
import { esc } from './escape.js';
import { barChart, dumbbellChart, lineChart } from './svg.js';
import {
  bottleneckTable,
  cachesTable,
  changesTable,
  conversationsTable,
  selectionTable,
  sourcesLine,
  validatorsTable,
  workTable,
  changeValue,
  periodLine,
  regressionsIntro,
  scorecardTable,
  scoreValue,
  STATUS_TEXT,
  summaryLine,
  type Table,
} from './tables.js';

/** Hooks drawn in the trend chart (more lines would be unreadable). */
const TREND_LINES = 5;

const STYLE = `
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1000px;padding:0 1rem;color:#111827;line-height:1.45}
h1{margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #e5e7eb;padding-bottom:.2rem}
.meta{color:#6b7280}.summary{font-size:1.1rem;font-weight:600}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.9rem}
th,td{border-bottom:1px solid #e5e7eb;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f9fafb}tr.hl td{font-weight:600;background:#fef2f2}
.cards{display:flex;flex-wrap:wrap;gap:.6rem}
.card{border:1px solid #e5e7eb;border-radius:8px;padding:.6rem .8rem;min-width:170px;flex:1}
.card .v{font-size:1.4rem;font-weight:700}.card.pass{border-left:6px solid #059669}
.card.fail{border-left:6px solid #dc2626}.card.no_data{border-left:6px solid #9ca3af}
.card .t{font-size:.8rem;color:#6b7280}
ol.recs li{margin:.5rem 0}.sev{font-size:.75rem;padding:0 .4rem;border-radius:4px;color:#fff}
.sev.critical{background:#dc2626}.sev.warning{background:#d97706}.sev.info{background:#2563eb}
svg.chart{max-width:100%;height:auto;display:block;margin:.6rem 0}
.note{background:#fffbeb;border:1px solid #fcd34d;border-radius:6px;padding:.5rem .8rem}
`;

/** A self-contained HTML page: inline CSS and SVG, no script, nothing fetched from the network. */
export function renderHtml(r: Report): string {
  const body = [
    '<h1>hookscope performance report</h1>',
    `<p class="meta">${esc(periodLine(r))}</p>`,
    `<p class="summary">${esc(summaryLine(r))}</p>`,
    ...r.notes.map((n) => `<p class="note">${esc(n)}</p>`),
    '<h2 id="scorecard">Scorecard</h2>',
    scoreCards(r),
    '<h2 id="recommendations">Recommendations</h2>',
    recommendations(r),
    '<h2 id="bottlenecks">Bottlenecks</h2>',
    bottleneckCharts(r),
    table(bottleneckTable(r)),
    validatorsSection(r),
    ...r.work.map(workSection),
    '<h2 id="regressions">Regressions and improvements</h2>',
    `<p>${esc(regressionsIntro(r))}</p>`,
    changeChart(r),
    r.regressions.changes.length ? table(changesTable(r)) : '',
    cachesSection(r),
    selectionSection(r),
    conversationsSection(r),
    `<p class="meta">${esc(sourcesLine(r))}</p>`,
  ];
  return (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>hookscope report: ${esc(r.window.duration)} to ${esc(r.window.end)}</title>` +
    `<style>${STYLE}</style></head><body>\n${body.filter(Boolean).join('\n')}\n</body></html>\n`
  );
}

function scoreCards(r: Report): string {
  const cards = r.scorecard.map(
    (s) =>
      `<div class="card ${s.status}" data-score="${esc(s.id)}"><div class="t">${esc(s.title)} · ${esc(STATUS_TEXT[s.status])}</div>` +
      `<div class="v">${esc(scoreValue(s))}</div><div class="t">${esc(s.target)}</div></div>`,
  );
  return `<div class="cards">${cards.join('')}</div>` + table(scorecardTable(r));
}

function recommendations(r: Report): string {
  if (r.recommendations.length === 0)
    return '<p>None: nothing in this window calls for action.</p>';
  const items = r.recommendations.map(
    (rec) =>
      `<li data-kind="${esc(rec.kind)}"><span class="sev ${rec.severity}">${rec.severity}</span> ` +
      `<strong>${esc(rec.title)}</strong><br>${esc(rec.text)}</li>`,
  );
  return `<ol class="recs">${items.join('')}</ol>`;
}

function bottleneckCharts(r: Report): string {
  const b = r.bottlenecks;
  if (b.hooks.length === 0) return '';
  const bars = b.hooks.map((h) => ({
    label: h.name,
    value: h.share,
    display: `${fmtPercent(h.share)} · ${fmtSeconds(h.seconds)}`,
    highlight: h.flagged,
  }));
  if (b.rest.hooks > 0) {
    bars.push({
      label: `${b.rest.hooks} more hooks`,
      value: b.rest.share,
      display: fmtPercent(b.rest.share),
      highlight: false,
    });
  }
  const share = barChart('Share of all hook time per hook', bars, { max: 1 });
  const lines = b.hooks
    .slice(0, TREND_LINES)
    .map((h) => ({
      name: h.name,
      points: h.trend.points.filter((p) => p.p95 !== undefined).map((p) => [p.t, p.p95!] as const),
    }))
    .filter((l) => l.points.length > 0);
  const trend = lines.length
    ? `<h3>p95 per ${esc(r.trendStep)} of the ${lines.length} hooks taking the most time</h3>` +
      lineChart(`p95 per ${r.trendStep} of the hooks taking the most time`, lines, {
        formatY: fmtSeconds,
        formatX: fmtTime,
        threshold: {
          value: r.targets.hookBudgetSeconds,
          label: `budget ${fmtSeconds(r.targets.hookBudgetSeconds)}`,
        },
      })
    : '';
  return `<h3>Share of all hook time (${esc(fmtSeconds(b.totalSeconds))})</h3>${share}${trend}`;
}

function validatorsSection(r: Report): string {
  const t = validatorsTable(r);
  if (t.rows.length === 0) return '';
  const bars = r.bottlenecks.hooks.flatMap((h) =>
    h.validators.map((v) => ({
      label: `${h.name}: ${v.name}`,
      value: v.share,
      display: `${fmtPercent(v.share)} of the hook`,
      highlight: v.share > r.targets.validationMaxRatio,
    })),
  );
  const cap = r.targets.validationMaxRatio;
  return (
    '<h3>Validators inside these hooks</h3>' +
    barChart('Validators: share of their hook time', bars, {
      max: 1,
      marker: { value: cap, label: `cap ${fmtPercent(cap)}` },
    }) +
    table(t)
  );
}

function workSection(w: WorkSection): string {
  const bars = w.items.map((c) => ({
    label: c.name,
    value: c.seconds,
    display: `${fmtSeconds(c.seconds)} · p95 ${fmtSeconds(c.p95)}`,
  }));
  return (
    `<h3>${esc(w.title)}: ${esc(fmtSeconds(w.totalSeconds))} in total</h3>` +
    barChart(`${w.title}: time`, bars) +
    table(workTable(w))
  );
}

function cachesSection(r: Report): string {
  if (r.caches.length === 0) return '';
  const target = r.targets.cacheMinHitRatio;
  const bars = r.caches.map((c) => ({
    label: c.cache,
    value: c.hitRatio ?? 0,
    display: `${fmtPercent(c.hitRatio)} of ${fmtCount(c.lookups)}`,
    highlight: c.belowTarget,
  }));
  return (
    '<h2 id="caches">Caches</h2>' +
    barChart('Cache hit ratio', bars, {
      max: 1,
      marker: { value: target, label: `target ${fmtPercent(target)}` },
    }) +
    table(cachesTable(r))
  );
}

function selectionSection(r: Report): string {
  if (r.testSelection.length === 0) return '';
  const { min, max } = r.targets.testTimeReduction;
  const bars = r.testSelection.map((s) => ({
    label: `${s.suite} (${s.strategy})`,
    value: s.timeReduction ?? 0,
    display: `${fmtPercent(s.timeReduction)} saved`,
    highlight: s.missedFailures > 0 || (s.timeReduction ?? 0) < min || (s.timeReduction ?? 0) > max,
  }));
  return (
    '<h2 id="test-selection">Test selection</h2>' +
    barChart('Share of full-suite test time saved by selection', bars, {
      max: 1,
      marker: { value: min, label: `target ${fmtPercent(min)}-${fmtPercent(max)}` },
    }) +
    table(selectionTable(r))
  );
}

function conversationsSection(r: Report): string {
  if (r.conversations.length === 0) return '';
  const judged = r.conversations.filter((h) => h.threshold && h.p95 !== undefined);
  const chart = judged.length
    ? barChart(
        'Conversation p95 response time, as a share of the warning threshold',
        judged.map((h) => ({
          label: h.processType,
          value: h.p95! / h.threshold!.warning,
          display: `${fmtSeconds(h.p95)} (warning ${fmtSeconds(h.threshold!.warning)})`,
          highlight: h.status !== 'ok',
        })),
        {
          max: Math.max(1.5, ...judged.map((h) => h.p95! / h.threshold!.warning)),
          marker: { value: 1, label: 'warning' },
        },
      )
    : '';
  return '<h2 id="conversations">Conversation health</h2>' + chart + table(conversationsTable(r));
}

function changeChart(r: Report): string {
  const p95 = r.regressions.changes.filter((c) => c.metric === 'p95');
  if (p95.length === 0) return '';
  return dumbbellChart(
    'p95: baseline to window',
    p95.map((c) => ({
      label: c.name,
      from: c.baseline,
      to: c.current,
      display: `${changeValue(c, c.baseline)} → ${changeValue(c, c.current)}`,
    })),
    fmtSeconds,
  );
}

function table(t: Table): string {
  const head = `<tr>${t.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const rows = t.rows.map(
    (row, i) =>
      `<tr${t.highlight?.[i] ? ' class="hl"' : ''}>${row.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`,
  );
  return `<table><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}
