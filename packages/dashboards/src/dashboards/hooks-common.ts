import { HOOK_DURATION_SECONDS, HOOK_OUTCOMES } from '@hookscope/catalog';
import type { DashboardConfig } from '../config.js';
import { aboveSteps, belowSteps, type Step } from '../panels.js';

export const HOOK_DETAIL_UID = 'hookscope-hook-detail';

/** The labels that identify a hook. */
export const HOOK_LABELS = HOOK_DURATION_SECONDS.labels.filter((l) => l !== 'outcome');

/** Outcomes that count as failures (a block is the hook working), as a regex alternative. */
export const FAILED = HOOK_OUTCOMES.filter((o) => o !== 'success' && o !== 'blocked').join('|');

export function hookLatencySteps(config: DashboardConfig): Step[] {
  return aboveSteps(config.hooks.latency_seconds);
}

export function successSteps(config: DashboardConfig): Step[] {
  return belowSteps(config.hooks.success_ratio);
}
