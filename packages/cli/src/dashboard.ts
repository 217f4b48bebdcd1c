import { ADDRESS_PATTERN, splitAddress, type HookscopeConfig } from '@hookscope/config';
import {
  startDashboard,
  targetsFromConfig,
  type Dashboard,
  type DashboardOptions,
} from '@hookscope/report';
import { portFree } from './stack/ports.js';
import type { StackUrl } from './stack/stack-services.js';
import { intFlag, UsageError } from './usage.js';

/**
 * The live page's flags and start-up, shared by `hookscope up` and `hookscope report --serve`.
 * Its default port sits next to the collector's (9464); loopback unless told otherwise.
 */
export const DASHBOARD_ADDRESS = '127.0.0.1:9465';

/** `--listen ADDR` / `--dashboard ADDR`: host:port (port 0: any free port). */
export function addressFlag(name: string, raw: string): { host: string; port: number } {
  const m = ADDRESS_PATTERN.exec(raw);
  if (!m || Number(m[1]) > 65535) {
    throw new UsageError(
      `--${name} must be host:port such as 127.0.0.1:9465 (port 0: any free port), got '${raw}'`,
    );
  }
  return splitAddress(raw);
}

/** `--refresh S`: seconds between the page's refreshes. */
export function refreshFlag(raw: string | undefined): number | undefined {
  return intFlag('refresh', raw, 1, 3600);
}

/**
 * Starts the page on `address`. When that is the default and something else holds it (another
 * `hookscope up`, a second `report --serve`), it takes any free port instead and says so; an
 * address the user chose is theirs: taken, it is an error naming the flag.
 */
export async function serveDashboard(
  o: Omit<DashboardOptions, 'host' | 'port'> & { address?: string; flag: string },
): Promise<{ dashboard: Dashboard; note?: string }> {
  const address = o.address ?? DASHBOARD_ADDRESS;
  const { host, port } = addressFlag(o.flag, address);
  try {
    return { dashboard: await startDashboard({ ...o, host, port }) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' && o.address === undefined) {
      const dashboard = await startDashboard({ ...o, host, port: 0 });
      return {
        dashboard,
        note: `${address} is in use, so the dashboard listens on ${dashboard.url} (choose with --${o.flag} ADDR)`,
      };
    }
    if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES') {
      throw new DashboardAddressError(
        `cannot listen on ${address} for the dashboard (${code}): choose another with --${o.flag} host:port (port 0: any free port)`,
      );
    }
    throw err;
  }
}

export class DashboardAddressError extends Error {}

/**
 * `hookscope up`'s live page, on the stack it started: its Prometheus and Alertmanager. Its URL
 * goes first in the list (and as `dashboard` in the ready line): it is what a newcomer opens.
 */
export async function startStackDashboard(
  config: HookscopeConfig,
  urls: readonly StackUrl[],
  flags: { dashboard?: string; refresh?: string },
): Promise<{ url: StackUrl; note?: string; close: () => Promise<void> }> {
  const at = (key: string) => urls.find((u) => u.key === key)?.url;
  const { dashboard, note } = await serveDashboard({
    targets: { ...targetsFromConfig(config), prometheusUrl: at('prometheus')! },
    alertmanagerUrl: at('alertmanager'),
    address: flags.dashboard,
    flag: 'dashboard',
    refreshSeconds: refreshFlag(flags.refresh),
  });
  return {
    url: {
      key: 'dashboard',
      label: 'Dashboard',
      url: dashboard.url,
      note: 'live report and alerts',
    },
    note,
    close: () => dashboard.close(),
  };
}

/**
 * `up`'s dashboard flags, checked before anything starts: a bad value is a usage error; an
 * address the user chose that is taken is a problem (the default one falls back to a free port).
 */
export async function checkDashboardFlags(flags: {
  dashboard?: string;
  refresh?: string;
}): Promise<string | undefined> {
  refreshFlag(flags.refresh);
  if (flags.dashboard === undefined) return undefined;
  const { host, port } = addressFlag('dashboard', flags.dashboard);
  if (port === 0 || (await portFree(host, port))) return undefined;
  return `${flags.dashboard} (--dashboard) is already in use: choose another address, or port 0 for any free one.`;
}
