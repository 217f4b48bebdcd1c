import { join } from 'node:path';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { DASHBOARDS_DIR, readDashboards } from '@hookscope/dashboards';
import { REPO_ROOT } from './paths.js';

/** The committed dashboards, as Grafana loads them. */
export function committedDashboards(root = REPO_ROOT): { file: string; dashboard: Dashboard }[] {
  return readDashboards(join(root, DASHBOARDS_DIR));
}
