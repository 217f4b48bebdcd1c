import type { DashboardConfig } from '../config.js';
import type { DashboardDef } from '../dashboard.js';
import { hookDetail } from './hook-detail.js';
import { hooksOverview } from './hooks-overview.js';
import { hostCollector } from './host-collector.js';
import { agentsValidators } from './agents-validators.js';
import { testing } from './testing.js';
import { conversations } from './conversations.js';

/** Every dashboard, in the order Grafana's dashboard list and the docs show them. */
export const DASHBOARDS: readonly ((config: DashboardConfig) => DashboardDef)[] = [
  hooksOverview,
  hookDetail,
  agentsValidators,
  testing,
  conversations,
  hostCollector,
];
