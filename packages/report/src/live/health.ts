import {
  COLLECTOR_BACKLOG_AGE,
  COLLECTOR_BACKLOG_BYTES,
  COLLECTOR_INGEST_LAG,
  COLLECTOR_LABEL_OVERFLOW,
  COLLECTOR_LINES_REJECTED,
  COLLECTOR_SPANS_INGESTED,
  COLLECTOR_SPANS_REJECTED,
} from '@hookscope/catalog';
import type { PrometheusClient } from '../prometheus-client.js';
import { histogramSeries } from '../queries.js';

/** One scrape target as Prometheus sees it. */
export interface TargetRow {
  job: string;
  instance: string;
  health: 'up' | 'down' | 'unknown';
  /** Seconds since the last scrape, when there was one. */
  lastScrapeAgo?: number;
  scrapeSeconds?: number;
  error: string;
}

/** One of the collector's own figures, with the PromQL it comes from. */
export interface CollectorFigure {
  id: string;
  label: string;
  expr: string;
  unit: 's' | 'bytes' | 'per_s' | 'count';
  value?: number;
  /** Above this the figure is shown as a problem. */
  bad?: (v: number) => boolean;
}

export interface HealthView {
  targets: TargetRow[];
  collector: CollectorFigure[];
}

/**
 * What the live page shows about the pipeline itself: the collector's own metrics, read through
 * Prometheus like everything else, so `report --serve` against any Prometheus shows them too.
 */
export const COLLECTOR_FIGURES: readonly Omit<CollectorFigure, 'value'>[] = [
  {
    id: 'ingested',
    label: 'Spans ingested (per second, last 5m)',
    expr: `sum(rate(${COLLECTOR_SPANS_INGESTED.name}[5m]))`,
    unit: 'per_s',
  },
  {
    id: 'backlog_age',
    label: 'Oldest unread spool data',
    expr: `max(${COLLECTOR_BACKLOG_AGE.name})`,
    unit: 's',
    bad: (v) => v > 300,
  },
  {
    id: 'backlog_bytes',
    label: 'Unread spool data',
    expr: `sum(${COLLECTOR_BACKLOG_BYTES.name})`,
    unit: 'bytes',
  },
  {
    id: 'ingest_lag',
    label: 'Ingest lag p95 (last 5m)',
    expr: `histogram_quantile(0.95, sum by (le) (rate(${histogramSeries(COLLECTOR_INGEST_LAG.name).bucket}[5m])))`,
    unit: 's',
    bad: (v) => v > 60,
  },
  {
    id: 'rejected',
    label: 'Spool lines and spans rejected (last 1h)',
    expr: `(sum(increase(${COLLECTOR_LINES_REJECTED.name}[1h])) or vector(0)) + (sum(increase(${COLLECTOR_SPANS_REJECTED.name}[1h])) or vector(0))`,
    unit: 'count',
    bad: (v) => v >= 1,
  },
  {
    id: 'overflow',
    label: 'Label values over their cap (last 1h)',
    expr: `sum(increase(${COLLECTOR_LABEL_OVERFLOW.name}[1h])) or vector(0)`,
    unit: 'count',
    bad: (v) => v >= 1,
  },
];

interface ApiTarget {
  labels?: Record<string, string>;
  scrapePool?: string;
  health?: string;
  lastError?: string;
  lastScrape?: string;
  lastScrapeDuration?: number;
}

export async function readHealth(prom: PrometheusClient, now: number): Promise<HealthView> {
  const [targets, figures] = await Promise.all([
    prom.get('/api/v1/targets?state=active') as Promise<{ activeTargets?: ApiTarget[] }>,
    Promise.all(
      COLLECTOR_FIGURES.map(async (f) => {
        const r = await prom.instant(f.expr, now);
        const v = r[0]?.value;
        return { ...f, value: v !== undefined && Number.isFinite(v) ? v : undefined };
      }),
    ),
  ]);
  const rows = (targets.activeTargets ?? []).map((t): TargetRow => {
    const last = t.lastScrape ? Date.parse(t.lastScrape) : NaN;
    return {
      job: t.labels?.['job'] ?? t.scrapePool ?? '',
      instance: t.labels?.['instance'] ?? '',
      health: t.health === 'up' || t.health === 'down' ? t.health : 'unknown',
      lastScrapeAgo: Number.isFinite(last) && last > 0 ? Math.max(0, now - last / 1000) : undefined,
      scrapeSeconds: t.lastScrapeDuration,
      error: t.lastError ?? '',
    };
  });
  rows.sort((a, b) => a.job.localeCompare(b.job) || a.instance.localeCompare(b.instance));
  return { targets: rows, collector: figures };
}
