import type { PrometheusClient } from '../prometheus-client.js';

/**
 * The alerts the live page lists at its top: Prometheus's firing and pending alerts, each with
 * what Alertmanager did with it (notifying, silenced, inhibited), and alerts that only
 * Alertmanager holds (sent by another Prometheus).
 */
export interface AlertRow {
  state: 'firing' | 'pending';
  name: string;
  severity: string;
  /** The labels that say what fires (hook, cache, instance...), as `key=value` pairs. */
  subject: string;
  /** The description annotation, or the summary. */
  text: string;
  /** Since when it is pending or firing, RFC 3339. */
  since?: string;
  runbook?: string;
  /** What Alertmanager does with it; undefined when it does not hold it (yet). */
  notification?: 'active' | 'silenced' | 'inhibited' | 'unprocessed';
}

export interface AlertsView {
  rows: AlertRow[];
  /** Alertmanager's base URL, when known. */
  alertmanager?: string;
  /** Why Alertmanager's view is missing, when it is. */
  alertmanagerProblem?: string;
}

/** Labels that every alert carries or that say nothing about what fires. */
const NOT_SUBJECT = new Set(['alertname', 'severity', 'escalation']);
const SEVERITY_ORDER = ['critical', 'warning', 'info'];

interface PromAlert {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  state?: string;
  activeAt?: string;
}

interface AmAlert {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  status?: { state?: string; silencedBy?: unknown[]; inhibitedBy?: unknown[] };
}

/**
 * Reads both views. Alertmanager is the one given, else the one Prometheus sends to (its
 * /api/v1/alertmanagers); its failures are a note on the page, not an error.
 */
export async function readAlerts(
  prom: PrometheusClient,
  alertmanagerUrl: string | undefined,
  timeoutMs: number,
): Promise<AlertsView> {
  const data = (await prom.get('/api/v1/alerts')) as { alerts?: PromAlert[] };
  const promAlerts = Array.isArray(data.alerts) ? data.alerts : [];
  let am = alertmanagerUrl?.replace(/\/+$/, '');
  let amAlerts: AmAlert[] | undefined;
  let alertmanagerProblem: string | undefined;
  try {
    am ??= await discoverAlertmanager(prom);
    if (am) amAlerts = await fetchAlertmanager(am, timeoutMs);
    else alertmanagerProblem = 'Prometheus sends its alerts to no Alertmanager.';
  } catch (err) {
    alertmanagerProblem = `Alertmanager at ${am} did not answer (${(err as Error).message}): notifications may not go out.`;
  }

  const matched = new Set<AmAlert>();
  const rows: AlertRow[] = [];
  for (const a of promAlerts) {
    if (a.state !== 'firing' && a.state !== 'pending') continue;
    const labels = a.labels ?? {};
    const inAm = amAlerts?.find((x) => !matched.has(x) && includesLabels(x.labels ?? {}, labels));
    if (inAm) matched.add(inAm);
    rows.push(row(a.state, labels, a.annotations ?? {}, a.activeAt, inAm));
  }
  // Alerts Alertmanager got from elsewhere (another Prometheus, a team's central rules).
  for (const x of amAlerts ?? []) {
    if (!matched.has(x))
      rows.push(row('firing', x.labels ?? {}, x.annotations ?? {}, x.startsAt, x));
  }
  rows.sort(
    (a, b) =>
      Number(a.state !== 'firing') - Number(b.state !== 'firing') ||
      severityRank(a.severity) - severityRank(b.severity) ||
      (a.since ?? '').localeCompare(b.since ?? '') ||
      a.name.localeCompare(b.name),
  );
  return { rows, alertmanager: am, alertmanagerProblem };
}

function row(
  state: 'firing' | 'pending',
  labels: Record<string, string>,
  annotations: Record<string, string>,
  since: string | undefined,
  inAm: AmAlert | undefined,
): AlertRow {
  const subject = Object.entries(labels)
    .filter(([k]) => !NOT_SUBJECT.has(k))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const runbook = annotations['runbook_url'];
  return {
    state,
    name: labels['alertname'] ?? '(no alertname)',
    severity: labels['severity'] ?? 'none',
    subject,
    text: annotations['description'] ?? annotations['summary'] ?? '',
    since: since && !since.startsWith('0001-') ? since : undefined,
    runbook: runbook && /^https?:\/\//.test(runbook) ? runbook : undefined,
    notification: inAm ? notification(inAm) : undefined,
  };
}

function notification(a: AmAlert): AlertRow['notification'] {
  if (a.status?.silencedBy?.length) return 'silenced';
  if (a.status?.inhibitedBy?.length) return 'inhibited';
  return a.status?.state === 'unprocessed' ? 'unprocessed' : 'active';
}

/** Alertmanager adds Prometheus's external labels: it holds at least the alert's labels. */
function includesLabels(outer: Record<string, string>, inner: Record<string, string>): boolean {
  return Object.entries(inner).every(([k, v]) => outer[k] === v);
}

function severityRank(s: string): number {
  const i = SEVERITY_ORDER.indexOf(s);
  return i < 0 ? SEVERITY_ORDER.length : i;
}

async function discoverAlertmanager(prom: PrometheusClient): Promise<string | undefined> {
  const data = (await prom.get('/api/v1/alertmanagers')) as {
    activeAlertmanagers?: { url?: string }[];
  };
  const url = data.activeAlertmanagers?.find((a) => typeof a.url === 'string')?.url;
  // Prometheus lists the alerts endpoint it posts to: http://host:9093/api/v2/alerts.
  return url?.replace(/\/api\/v[12]\/alerts$/, '');
}

async function fetchAlertmanager(base: string, timeoutMs: number): Promise<AmAlert[]> {
  const res = await fetch(`${base}/api/v2/alerts?active=true&silenced=true&inhibited=true`, {
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const body = (await res.json()) as unknown;
  if (!Array.isArray(body)) throw new Error('not an Alertmanager API answer');
  return body as AmAlert[];
}
