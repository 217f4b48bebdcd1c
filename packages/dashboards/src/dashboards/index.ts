import type { DashboardConfig } from '../config.js';
import type { DashboardDef } from '../dashboard.js';
import { hookDetail } from './hook-detail.js';
import { hooksOverview } from './hooks-overview.js';
import { hostCollector } from './host-collector.js';

/** Every dashboard, in the order Grafana's dashboard list and the docs show them. */
export const DASHBOARDS: readonly ((config: DashboardConfig) => DashboardDef)[] = [
  hooksOverview,
  hookDetail,
  hostCollector,
];
