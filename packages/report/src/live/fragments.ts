import { fmtCount, fmtSeconds, fmtTime } from '../format.js';
import { esc } from '../render/escape.js';
import type { AlertRow, AlertsView } from './alerts.js';
import type { CollectorFigure, HealthView } from './health.js';

/**
 * The live page's own sections (what the static report has no place for): the state message,
 * the alerts and the health of the pipeline. Everything shown is a metric label or a number:
 * no hook input, output or prompt ever reaches Prometheus, so none can reach this page.
 */

export type ViewState = 'ok' | 'empty' | 'prometheus_down' | 'no_data' | 'error';

/** What a newcomer reads when there is nothing to show, and what to do about it. */
export function stateSection(
  state: Exclude<ViewState, 'ok'>,
  ctx: { prometheus: string; window: string; refreshSeconds: number; detail: string },
): string {
  const cmd = (c: string) => `<code>${esc(c)}</code>`;
  const prom = `<a href="${esc(ctx.prometheus)}">${esc(ctx.prometheus)}</a>`;
  const detail = `<p class="detail">${esc(ctx.detail)}</p>`;
  const retry = `<p>This page tries again every ${ctx.refreshSeconds} s.</p>`;
  const bodies: Record<typeof state, [string, string]> = {
    empty: [
      'No hook has been measured yet',
      `<p>Prometheus at ${prom} answers, but holds no hookscope data. Next:</p><ol>` +
        `<li>Measure your own hooks: ${cmd('npx hookscope install')} wraps every hook command in ` +
        `your agent's settings; each run shows up here within a minute.</li>` +
        `<li>Or see this page with sample traffic first: ${cmd('npx hookscope demo')} in another terminal.</li>` +
        `</ol><p>If hooks already run, check the collector's scrape target below.</p>`,
    ],
    prometheus_down: [
      'Prometheus is not reachable',
      `<p>This page reads everything from Prometheus at ${prom}, which does not answer. ` +
        `Start the whole stack with ${cmd('npx hookscope up')}, or point this page at your ` +
        `Prometheus: ${cmd('npx hookscope report --serve --prometheus http://HOST:9090')}.</p>` +
        detail +
        retry,
    ],
    no_data: [
      `Nothing ran in the last ${ctx.window}`,
      `<p>Prometheus holds hookscope data, but no hook or other measured work in this window. ` +
        `Choose a longer window above, or run your agent (or ${cmd('npx hookscope demo')}) and ` +
        `watch this page fill in.</p>`,
    ],
    error: ['The report could not be made', detail + retry],
  };
  const [title, body] = bodies[state];
  return `<div class="state ${state}" role="status"><h2>${esc(title)}</h2>${body}</div>`;
}

export function alertsSection(a: AlertsView, promqlHref: (expr: string) => string): string {
  const firing = a.rows.filter((r) => r.state === 'firing').length;
  const pending = a.rows.length - firing;
  const head =
    `<h2 id="alerts">Alerts <span class="count" data-figure="alerts">` +
    `${firing} firing, ${pending} pending</span></h2>`;
  const am = a.alertmanager
    ? `Notifications: Alertmanager <a href="${esc(a.alertmanager)}">${esc(a.alertmanager)}</a>.`
    : '';
  const problem = a.alertmanagerProblem ? `<p class="note">${esc(a.alertmanagerProblem)}</p>` : '';
  const link = `<a class="promql" href="${esc(promqlHref('ALERTS'))}" target="_blank" rel="noopener noreferrer" aria-label="PromQL of the alerts, in Prometheus">PromQL</a>`;
  if (a.rows.length === 0) {
    return `${head}<p>No alert is firing or pending. ${am} ${link}</p>${problem}`;
  }
  const list = (rows: AlertRow[]) => `<ul class="alerts">${rows.map(alertItem).join('')}</ul>`;
  const firingRows = a.rows.filter((r) => r.state === 'firing');
  const pendingRows = a.rows.filter((r) => r.state === 'pending');
  // Pending alerts may never fire: folded, so that what fires stays on the first screen.
  const pendingPart = pendingRows.length
    ? `<details data-keep="pending-alerts"><summary>${pendingRows.length} pending ` +
      `(crossing a threshold, not yet for long enough to fire)</summary>${list(pendingRows)}</details>`
    : '';
  return (
    head +
    (firingRows.length ? list(firingRows) : '<p>None firing.</p>') +
    pendingPart +
    `<p class="meta">${am} ${link}</p>${problem}`
  );
}

function alertItem(r: AlertRow): string {
  const since = r.since ? ` since ${esc(fmtTime(Math.floor(Date.parse(r.since) / 1000)))}` : '';
  const notified =
    r.notification === undefined
      ? r.state === 'pending'
        ? ''
        : ' · not in Alertmanager yet'
      : ` · Alertmanager: ${esc(r.notification)}`;
  const runbook = r.runbook
    ? ` · <a href="${esc(r.runbook)}" target="_blank" rel="noopener noreferrer" aria-label="${esc(`Runbook of ${r.name}`)}">runbook</a>`
    : '';
  return (
    `<li class="alert ${r.state}" data-alert="${esc(r.name)}" data-state="${r.state}">` +
    `<span class="badge ${r.state}">${r.state}</span> <span class="sev ${esc(r.severity)}">${esc(r.severity)}</span> ` +
    `<strong>${esc(r.name)}</strong> ${esc(r.subject)}` +
    `<div class="t">${esc(r.text)}${since}${notified}${runbook}</div></li>`
  );
}

export function healthSection(
  h: HealthView,
  promqlHref: (expr: string) => string,
  prometheus: string,
): string {
  const down = h.targets.filter((t) => t.health !== 'up');
  const head =
    `<h2 id="health">Collector and scrape targets <span class="count" data-figure="targets">` +
    `${h.targets.length - down.length} of ${h.targets.length} up</span></h2>`;
  const hasCollector = h.collector.some((f) => f.id === 'ingested' && f.value !== undefined);
  const figures = hasCollector
    ? `<div class="cards">${h.collector.map((f) => collectorCard(f, promqlHref)).join('')}</div>`
    : '<p>No collector metrics in Prometheus: it is not scraping a hookscope collector (see the targets).</p>';
  const rows = h.targets.map(
    (t) =>
      `<tr${t.health === 'up' ? '' : ' class="hl"'}><td>${esc(t.job)}</td><td>${esc(t.instance)}</td>` +
      `<td><span class="badge ${t.health === 'up' ? 'up' : 'down'}">${esc(t.health)}</span></td>` +
      `<td>${t.lastScrapeAgo === undefined ? 'never' : `${esc(fmtSeconds(t.lastScrapeAgo))} ago`}</td>` +
      `<td>${t.scrapeSeconds === undefined ? '' : esc(fmtSeconds(t.scrapeSeconds))}</td>` +
      `<td>${esc(t.error)}</td></tr>`,
  );
  const targets = h.targets.length
    ? '<div class="scroll"><table><thead><tr><th>Job</th><th>Instance</th><th>Health</th>' +
      `<th>Last scrape</th><th>Took</th><th>Error</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`
    : `<p class="note">Prometheus at ${esc(prometheus)} has no scrape targets.</p>`;
  return head + figures + targets;
}

function collectorCard(f: CollectorFigure, promqlHref: (expr: string) => string): string {
  const bad = f.value !== undefined && f.bad?.(f.value);
  return (
    `<div class="card ${f.value === undefined ? 'no_data' : bad ? 'fail' : 'pass'}" data-collector="${esc(f.id)}">` +
    `<div class="t">${esc(f.label)}</div><div class="v">${esc(formatFigure(f))}</div>` +
    `<a class="promql" href="${esc(promqlHref(f.expr))}" target="_blank" rel="noopener noreferrer" ` +
    `aria-label="${esc(`PromQL of ${f.label.toLowerCase()}, in Prometheus`)}">PromQL</a></div>`
  );
}

function formatFigure(f: CollectorFigure): string {
  const v = f.value;
  if (v === undefined) return 'n/a';
  switch (f.unit) {
    case 's':
      return fmtSeconds(v);
    case 'per_s':
      return `${v >= 10 ? v.toFixed(0) : v.toFixed(2)}/s`;
    case 'bytes':
      return v >= 1 << 20
        ? `${(v / (1 << 20)).toFixed(1)} MiB`
        : v >= 1024
          ? `${(v / 1024).toFixed(1)} KiB`
          : `${fmtCount(v)} B`;
    case 'count':
      return fmtCount(v);
  }
}
