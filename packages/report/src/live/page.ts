import { createHash } from 'node:crypto';
import { esc } from '../render/escape.js';
import { REPORT_STYLE } from '../render/html.js';
import { WINDOWS, type LiveWindow } from './view.js';

/**
 * The live page: a shell with the window choice, filled and refreshed in place by a small script
 * that asks the server for the rendered sections (/api/view) and swaps only those that changed.
 * Nothing is fetched from anywhere but this server.
 */

const LIVE_STYLE = `
header{display:flex;flex-wrap:wrap;align-items:end;justify-content:space-between;gap:.5rem 1rem;border-bottom:1px solid #e5e7eb;padding-bottom:.6rem}
header h1{margin:0}header p{margin:.2rem 0}
fieldset{border:0;padding:0;margin:0;display:flex;gap:.3rem;align-items:center;flex-wrap:wrap}
legend{float:left;margin-right:.4rem;font-weight:600}
fieldset label{border:1px solid #9ca3af;border-radius:6px;padding:.25rem .6rem;cursor:pointer}
fieldset input{position:absolute;opacity:0;width:1px;height:1px}
fieldset input:checked+span{font-weight:700}
fieldset label:has(input:checked){background:#1d4ed8;border-color:#1d4ed8;color:#fff}
fieldset label:has(input:focus-visible){outline:3px solid #f59e0b;outline-offset:2px}
a:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.skip{position:absolute;left:-9999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.4rem;z-index:1}
#updated{color:#4b5563;font-size:.85rem}
main section{margin-top:1rem}
.state{border:1px solid #93c5fd;background:#eff6ff;border-radius:8px;padding:.2rem 1rem 1rem}
.state.prometheus_down,.state.error{border-color:#fca5a5;background:#fef2f2}
.state code,.note code{background:#e5e7eb;padding:0 .25rem;border-radius:4px}
.detail{font-family:ui-monospace,monospace;font-size:.85rem;color:#374151;white-space:pre-wrap}
.count{font-size:.9rem;font-weight:400;color:#4b5563;margin-left:.4rem}
.badge{font-size:.75rem;padding:.05rem .4rem;border-radius:4px;color:#fff;background:#4b5563}
.badge.firing,.badge.down{background:#b91c1c}.badge.pending{background:#b45309}.badge.up{background:#047857}
ul.alerts{list-style:none;padding:0;margin:.4rem 0}
ul.alerts li{border-left:4px solid #b45309;padding:.3rem .6rem;margin:.3rem 0;background:#fffbeb}
ul.alerts li.firing{border-left-color:#b91c1c;background:#fef2f2}
ul.alerts .t{font-size:.85rem;color:#374151}
details summary{cursor:pointer;margin:.4rem 0}
.sev.none{background:#4b5563}
#lost{display:none}body[data-lost] #lost{display:block}
.card .t,.meta{color:#4b5563}
@media (max-width:640px){body{margin:1rem auto}h2{font-size:1.2rem}.card{min-width:140px}}
`;

/** The browser side: refresh in place, keep focus and scroll, say when the server is gone. */
const SCRIPT = `'use strict';
(() => {
  const body = document.body;
  const main = document.getElementById('main');
  const updated = document.getElementById('updated');
  const refreshMs = Number(body.dataset.refresh) * 1000;
  const windows = body.dataset.windows.split(' ');
  let win = new URLSearchParams(location.search).get('window');
  if (!windows.includes(win)) win = body.dataset.window;
  const shown = new Map();
  let timer;
  let seq = 0;
  for (const input of document.querySelectorAll('input[name=window]')) {
    input.checked = input.value === win;
    input.addEventListener('change', () => {
      if (!input.checked) return;
      win = input.value;
      const url = new URL(location.href);
      url.searchParams.set('window', win);
      history.replaceState(null, '', url);
      refresh();
    });
  }
  const focusables = (el) => [...el.querySelectorAll('a[href],button,input,summary,[tabindex]')];
  function replace(el, html) {
    const active = document.activeElement;
    const index = el.contains(active) ? focusables(el).indexOf(active) : -1;
    const open = new Set([...el.querySelectorAll('details[data-keep]')].filter((d) => d.open).map((d) => d.dataset.keep));
    el.innerHTML = html;
    for (const d of el.querySelectorAll('details[data-keep]')) d.open = open.has(d.dataset.keep);
    if (index >= 0) focusables(el)[index]?.focus({ preventScroll: true });
  }
  function apply(view) {
    const ids = new Set(view.sections.map((s) => s.id));
    for (const el of [...main.children]) {
      if (!ids.has(el.dataset.section)) {
        el.remove();
        shown.delete(el.dataset.section);
      }
    }
    let prev = null;
    for (const s of view.sections) {
      let el = [...main.children].find((c) => c.dataset.section === s.id);
      if (!el) {
        el = document.createElement('section');
        el.dataset.section = s.id;
      }
      if (shown.get(s.id) !== s.html) {
        replace(el, s.html);
        shown.set(s.id, s.html);
      }
      const at = prev ? prev.nextSibling : main.firstChild;
      if (el !== at) main.insertBefore(el, at);
      prev = el;
    }
  }
  async function refresh() {
    clearTimeout(timer);
    const mine = ++seq;
    main.setAttribute('aria-busy', 'true');
    try {
      const res = await fetch('/api/view?window=' + encodeURIComponent(win), { cache: 'no-store' });
      const view = await res.json();
      if (mine !== seq) return;
      if (!res.ok) throw new Error(view.error || 'HTTP ' + res.status);
      apply(view);
      body.removeAttribute('data-lost');
      body.dataset.state = view.state;
      body.dataset.window = view.window;
      body.dataset.updates = String(Number(body.dataset.updates || 0) + 1);
      const at = new Date(view.updatedAt).toLocaleTimeString();
      updated.textContent = 'Updated ' + at + ', every ' + refreshMs / 1000 + ' s (' + view.timings.totalMs + ' ms)';
    } catch (err) {
      if (mine !== seq) return;
      body.dataset.lost = String(err && err.message ? err.message : err);
      document.getElementById('lost-why').textContent = body.dataset.lost;
    } finally {
      if (mine === seq) {
        main.removeAttribute('aria-busy');
        timer = setTimeout(refresh, refreshMs);
      }
    }
  }
  refresh();
})();
`;

const STYLE = REPORT_STYLE + LIVE_STYLE;
const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The Content-Security-Policy of every answer: this server's script and the page's style only. */
export const CONTENT_SECURITY_POLICY =
  `default-src 'none'; script-src 'self'; style-src ${hash(STYLE)}; img-src 'self' data:; ` +
  "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const PAGE_SCRIPT = SCRIPT;

export function livePage(o: {
  prometheus: string;
  refreshSeconds: number;
  window: LiveWindow;
}): string {
  const choices = WINDOWS.map(
    (w) =>
      `<label><input type="radio" name="window" value="${w}"${w === o.window ? ' checked' : ''}>` +
      `<span>${w}</span></label>`,
  ).join('');
  return (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<link rel="icon" href="data:,"><title>hookscope: hook performance, live</title>' +
    `<style>${STYLE}</style><script src="/app.js" defer></script></head>` +
    `<body data-state="loading" data-refresh="${o.refreshSeconds}" data-window="${o.window}" data-windows="${WINDOWS.join(' ')}">\n` +
    '<a class="skip" href="#main">Skip to the report</a>' +
    '<header><div><h1>hookscope</h1>' +
    `<p class="meta">Hook performance, live from Prometheus <a href="${esc(o.prometheus)}">${esc(o.prometheus)}</a></p>` +
    '<p id="updated" aria-live="off">Loading…</p></div>' +
    `<fieldset><legend>Window</legend>${choices}</fieldset></header>\n` +
    '<div id="lost" class="note" role="alert">This page lost its server (did <code>hookscope up</code> stop?): ' +
    '<span id="lost-why"></span>. It keeps trying; the figures below are from the last answer.</div>\n' +
    '<main id="main" tabindex="-1"></main>\n</body></html>\n'
  );
}
