import { HOOK_FAILURE_OUTCOMES, HOOK_OUTCOMES } from '@hookscope/catalog';
import { DASHBOARD_UIDS, HOOK_LEVEL, oneOf } from '@hookscope/mixin';
import type { HookscopeConfig } from '@hookscope/config';
import type { Link } from '../links.js';
import { aboveSteps, belowSteps, type Step } from '../panels.js';
import { dashboardUrl } from '../dashboard.js';

/** The labels that identify a hook (as the recording rules aggregate them). */
export const HOOK_LABELS = HOOK_LEVEL;

/** Matches executions that did not fail (a block is the hook doing its job). */
export const NOT_FAILED = {
  'outcome~': oneOf(HOOK_OUTCOMES.filter((o) => !HOOK_FAILURE_OUTCOMES.includes(o))),
};

/** Matches the hooks chosen in the `$hook_event` and `$hook_name` variables. */
export const SELECTED_HOOKS = {
  'agent~': '$agent',
  'hook_event~': '$hook_event',
  'hook_name~': '$hook_name',
};

export function hookLatencySteps(config: HookscopeConfig): Step[] {
  return aboveSteps(config.hooks.latency_seconds);
}

export function successSteps(config: HookscopeConfig): Step[] {
  return belowSteps(config.hooks.success_ratio);
}

/** A table row's link to Hook detail for the row's hook (tables with hook_event and hook_name). */
export const HOOK_DETAIL_ROW_LINK: Link = {
  title: 'Hook detail',
  url: dashboardUrl(DASHBOARD_UIDS.hookDetail, {
    hook_event: '${__data.fields.hook_event}',
    hook_name: '${__data.fields.hook_name}',
  }),
};
