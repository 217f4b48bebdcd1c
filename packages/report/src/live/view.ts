import { buildReport } from '../build-report.js';
import { ReportError } from '../errors.js';
import { isoTime } from '../format.js';
import { PrometheusClient } from '../prometheus-client.js';
import type { Query } from '../queries.js';
import { esc } from '../render/escape.js';
import { htmlSections, type HtmlSection } from '../render/html.js';
import type { ReportTargets } from '../targets.js';
import { readAlerts, type AlertsView } from './alerts.js';
import { alertsSection, healthSection, stateSection, type ViewState } from './fragments.js';
import { readHealth, type HealthView } from './health.js';
import { graphUrl, planLinker } from './promql-links.js';

/** The windows the page offers. */
export const WINDOWS = ['15m', '1h', '24h', '7d'] as const;
export type LiveWindow = (typeof WINDOWS)[number];

/** What the page asks for on every refresh: its sections, rendered, and what they cost. */
export interface DashboardView {
  state: ViewState;
  window: LiveWindow;
  updatedAt: string;
  sections: HtmlSection[];
  timings: {
    /** Wall time of the whole view. */
    totalMs: number;
    /** Time spent waiting for Prometheus's answers, summed over its requests (they overlap). */
    prometheusMs: number;
    requests: number;
  };
}

export interface ViewSource {
  /** The report's targets; prometheusUrl is where everything is read from. */
  targets: ReportTargets;
  /** Alertmanager's base URL; default: the one Prometheus sends its alerts to. */
  alertmanagerUrl?: string;
  /** Baseline of the report's comparisons (default: regression.baseline of the config). */
  baseline?: string;
  refreshSeconds: number;
  timeoutMs: number;
}

/**
 * One refresh of the page: the report (the same code and queries as `hookscope report`), the
 * alerts and the pipeline's health, read in parallel; when there is no report to show, a state
 * that says why and what to do, with the alerts and the health when Prometheus answers.
 */
export async function buildView(src: ViewSource, window: LiveWindow): Promise<DashboardView> {
  const t0 = performance.now();
  const now = Math.floor(Date.now() / 1000);
  const prometheus = src.targets.prometheusUrl.replace(/\/+$/, '');
  const client = new PrometheusClient(prometheus, { timeoutMs: src.timeoutMs });
  let plan: readonly Query[] = [];
  const settle = <T>(p: Promise<T>) =>
    p.then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  const [report, alerts, health] = await Promise.all([
    settle(
      buildReport({
        targets: src.targets,
        window,
        baseline: src.baseline,
        end: now,
        client,
        onPlan: (p) => (plan = p),
      }),
    ),
    settle(readAlerts(client, src.alertmanagerUrl, src.timeoutMs)),
    settle(readHealth(client, now)),
  ]).finally(() => client.close());

  const href = (expr: string) => graphUrl(prometheus, [{ expr }]);
  const pipeline = (): HtmlSection[] => [
    ...(alerts.ok ? [{ id: 'alerts', html: alertsSection(alerts.value, href) }] : []),
  ];
  const healthPart = (): HtmlSection[] =>
    health.ok ? [{ id: 'health', html: healthSection(health.value, href, prometheus) }] : [];

  let state: ViewState = 'ok';
  let sections: HtmlSection[];
  if (report.ok) {
    const link = planLinker(prometheus, plan, window);
    sections = [
      ...pipeline(),
      ...htmlSections(report.value, { promqlLink: link }),
      ...healthPart(),
    ];
  } else {
    const err = report.error;
    if (!(err instanceof ReportError)) throw err;
    state =
      err.reason === 'unreachable'
        ? 'prometheus_down'
        : err.reason === 'no_metrics'
          ? 'empty'
          : err.reason === 'no_runs'
            ? 'no_data'
            : 'error';
    const message = stateSection(state as Exclude<ViewState, 'ok'>, {
      prometheus,
      window,
      refreshSeconds: src.refreshSeconds,
      detail: err.message,
    });
    sections = [{ id: 'state', html: message }, ...pipeline(), ...healthPart()];
  }
  // A failure only of the alerts or the health (Alertmanager's is a note already) is shown too.
  const problems = [alerts, health]
    .filter((r): r is { ok: false; error: unknown } => !r.ok && state === 'ok')
    .map((r) => (r.error instanceof Error ? r.error.message : String(r.error)));
  if (problems.length) {
    sections.unshift({
      id: 'problems',
      html: problems.map((p) => `<p class="note">${esc(p)}</p>`).join(''),
    });
  }
  return {
    state,
    window,
    updatedAt: isoTime(now),
    sections,
    timings: {
      totalMs: Math.round(performance.now() - t0),
      prometheusMs: Math.round(client.stats.waitMs),
      requests: client.stats.requests,
    },
  };
}

export type { AlertsView, HealthView };
