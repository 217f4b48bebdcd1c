import type { HookscopeConfig } from '@hookscope/config';
import type { DashboardDef } from '../dashboard.js';
import { hookDetail } from './hook-detail.js';
import { hooksOverview } from './hooks-overview.js';
import { hostCollector } from './host-collector.js';
import { agentsValidators } from './agents-validators.js';
import { testing } from './test-selection.js';
import { conversations } from './conversations.js';
import { alertsSlos } from './alerts-slos.js';

/** Every dashboard, in the order Grafana's dashboard list and the docs show them. */
export const DASHBOARDS: readonly ((config: HookscopeConfig) => DashboardDef)[] = [
  hooksOverview,
  hookDetail,
  agentsValidators,
  testing,
  conversations,
  hostCollector,
  alertsSlos,
];
