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
.sev.critical{background:#dc2626}.sev.warning{background:#b45309}.sev.info{background:#2563eb}
svg.chart{max-width:100%;height:auto;display:block;margin:.6rem 0}
.note{background:#fffbeb;border:1px solid #fcd34d;border-radius:6px;padding:.5rem .8rem}
.scroll{overflow-x:auto}a.promql{font-size:.8rem;color:#1d4ed8}.card a.promql{display:inline-block;margin-top:.2rem}
`;

/** The options of the HTML sections; the static report uses none. */
export interface HtmlOptions {
  /**
   * A link to the PromQL behind a figure, given the ids (or id prefixes ending in '.') of the
   * planned queries it is drawn from; undefined for no link.
   */
  promqlLink?: (queryIds: readonly string[]) => string | undefined;
}

/** One part of the report page, replaced as a whole when the live page refreshes. */
export interface HtmlSection {
  id: string;
  html: string;
}

/**
 * The queries each figure is drawn from, by query id (see planQueries): a figure on the live page
 * links to them in Prometheus. Scorecard checks are keyed by their id.
 */
const SOURCES = {
  hookShare: ['hook.window.seconds'],
  hookTrend: ['hook.trend.p95'],
  hookTable: [
    'hook.window.seconds',
    'hook.window.counts',
    'hook.window.buckets',
    'hook.trend.p95',
    'hook.window.agents',
  ],
  validators: ['validator.window.seconds', 'validator.window.counts', 'validator.window.buckets'],
  changes: [
    'hook.window.buckets',
    'hook.baseline.buckets',
    'hook.window.counts',
    'hook.baseline.counts',
  ],
  caches: ['cache.window.lookups', 'cache.baseline.lookups', 'cache_lookup.window.seconds'],
  selection: ['selection.window.'],
  conversations: ['conversation.window.'],
  score: {
    hook_p95: ['hook.window.buckets'],
    hook_success_ratio: ['hook.window.counts'],
    validation_overhead: ['validator.window.seconds', 'hook.window.seconds'],
    monitoring_overhead: ['overhead.window.seconds', 'hook.window.seconds'],
    test_time_reduction: ['selection.window.fullSuite', 'selection.window.saved'],
    cache_hit_ratio: ['cache.window.lookups'],
    conversation_response_p95: ['conversation.window.buckets'],
    compression_saved_ratio: ['conversation.window.compression_ratio'],
    restarts: ['conversation.window.restarts'],
  } as Record<string, string[]>,
};

/** A self-contained HTML page: inline CSS and SVG, no script, nothing fetched from the network. */
export function renderHtml(r: Report): string {
  const body = htmlSections(r).map((s) => s.html);
  return (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>hookscope report: ${esc(r.window.duration)} to ${esc(r.window.end)}</title>` +
    `<style>${REPORT_STYLE}</style></head><body>\n<h1>hookscope performance report</h1>\n` +
    `${body.filter(Boolean).join('\n')}\n</body></html>\n`
  );
}

/**
 * The report's sections in page order: what the static page shows under its title, and what the
 * live page shows and replaces section by section (one renderer for both).
 */
export function htmlSections(r: Report, opts: HtmlOptions = {}): HtmlSection[] {
  const link = (ids: readonly string[], what: string) => promqlAnchor(opts, ids, what);
  const sections: HtmlSection[] = [
    {
      id: 'summary',
      html:
        `<p class="meta">${esc(periodLine(r))}</p>` +
        `<p class="summary" data-figure="summary">${esc(summaryLine(r))}</p>` +
        r.notes.map((n) => `<p class="note">${esc(n)}</p>`).join(''),
    },
    {
      id: 'scorecard',
      html: '<h2 id="scorecard">Scorecard</h2>' + scoreCards(r, opts),
    },
    {
      id: 'recommendations',
      html: '<h2 id="recommendations">Recommendations</h2>' + recommendations(r),
    },
    {
      id: 'bottlenecks',
      html: [
        '<h2 id="bottlenecks">Bottlenecks</h2>',
        bottleneckCharts(r, opts),
        table(bottleneckTable(r), link(SOURCES.hookTable, 'the hooks table')),
        validatorsSection(r, opts),
        ...r.work.map((w) => workSection(w, opts)),
      ].join(''),
    },
    {
      id: 'regressions',
      html: [
        '<h2 id="regressions">Regressions and improvements</h2>',
        `<p>${esc(regressionsIntro(r))}</p>`,
        changeChart(r),
        r.regressions.changes.length
          ? table(changesTable(r), link(SOURCES.changes, 'the comparison with the baseline'))
          : '',
      ].join(''),
    },
    { id: 'caches', html: cachesSection(r, opts) },
    { id: 'test-selection', html: selectionSection(r, opts) },
    { id: 'conversations', html: conversationsSection(r, opts) },
    { id: 'sources', html: `<p class="meta">${esc(sourcesLine(r))}</p>` },
  ];
  return sections.filter((s) => s.html !== '');
}

/** The report's style, also the base of the live page's. */
export const REPORT_STYLE = STYLE;

function promqlAnchor(opts: HtmlOptions, ids: readonly string[], what: string): string {
  const href = opts.promqlLink?.(ids);
  if (!href) return '';
  return (
    `<a class="promql" href="${esc(href)}" target="_blank" rel="noopener noreferrer" ` +
    `aria-label="${esc(`PromQL of ${what}, in Prometheus`)}">PromQL</a>`
  );
}

function scoreCards(r: Report, opts: HtmlOptions): string {
  const cards = r.scorecard.map(
    (s) =>
      `<div class="card ${s.status}" data-score="${esc(s.id)}"><div class="t">${esc(s.title)} · ${esc(STATUS_TEXT[s.status])}</div>` +
      `<div class="v">${esc(scoreValue(s))}</div><div class="t">${esc(s.target)}</div>` +
      promqlAnchor(opts, SOURCES.score[s.id] ?? [], s.title.toLowerCase()) +
      '</div>',
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

function bottleneckCharts(r: Report, opts: HtmlOptions): string {
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
  const share =
    barChart('Share of all hook time per hook', bars, { max: 1 }) +
    promqlAnchor(opts, SOURCES.hookShare, 'the share of hook time');
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
      }) +
      promqlAnchor(opts, SOURCES.hookTrend, 'the p95 trend')
    : '';
  return `<h3>Share of all hook time (${esc(fmtSeconds(b.totalSeconds))})</h3>${share}${trend}`;
}

function validatorsSection(r: Report, opts: HtmlOptions): string {
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
    table(t, promqlAnchor(opts, SOURCES.validators, 'the validators'))
  );
}

function workSection(w: WorkSection, opts: HtmlOptions): string {
  const bars = w.items.map((c) => ({
    label: c.name,
    value: c.seconds,
    display: `${fmtSeconds(c.seconds)} · p95 ${fmtSeconds(c.p95)}`,
  }));
  return (
    `<h3>${esc(w.title)}: ${esc(fmtSeconds(w.totalSeconds))} in total</h3>` +
    barChart(`${w.title}: time`, bars) +
    table(
      workTable(w),
      promqlAnchor(
        opts,
        [`${w.subject}.window.seconds`, `${w.subject}.window.buckets`, `${w.subject}.trend.p95`],
        w.title.toLowerCase(),
      ),
    )
  );
}

function cachesSection(r: Report, opts: HtmlOptions): string {
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
    table(cachesTable(r), promqlAnchor(opts, SOURCES.caches, 'the caches'))
  );
}

function selectionSection(r: Report, opts: HtmlOptions): string {
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
    table(selectionTable(r), promqlAnchor(opts, SOURCES.selection, 'test selection'))
  );
}

function conversationsSection(r: Report, opts: HtmlOptions): string {
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
  return (
    '<h2 id="conversations">Conversation health</h2>' +
    chart +
    table(conversationsTable(r), promqlAnchor(opts, SOURCES.conversations, 'conversation health'))
  );
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

/** A table, and after it the link to the PromQL behind it, if any. */
function table(t: Table, link = ''): string {
  const head = `<tr>${t.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const rows = t.rows.map(
    (row, i) =>
      `<tr${t.highlight?.[i] ? ' class="hl"' : ''}>${row.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`,
  );
  return `<div class="scroll"><table><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>${link}`;
}
