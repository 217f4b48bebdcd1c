import type { HookscopeConfig } from '@hookscope/config';
import type { GeneratedFile } from '../generated-file.js';
import { renderRuleFile } from '../render-rules.js';
import { checkRuleMetrics } from '../metric-references.js';
import { ruleFiles } from '../rule-files.js';
import { isAlert, type RuleFile } from '../rule-types.js';
import { hookRules } from '../rules/hooks.js';
import { sloRules } from '../rules/slo.js';
import { hostAwareFiles } from './host-aware.js';

/** Where the center's files go: a directory of their own, deployed apart from any one machine. */
export const CENTRAL_DIR = 'central';
export const CENTRAL_RULES_DIR = `${CENTRAL_DIR}/rules`;

/** Local-only rule files: the agent's health is judged on the machine, where it is seen. */
const LOCAL_ONLY = new Set(['remote-write.yml']);

/**
 * Per-hook figures across all machines: the local hook and SLO recordings, unchanged (same names,
 * no identity labels), for dashboards and reports of the whole team. Their alerts are per machine
 * (hosts-*.yml), so that a notification names the machine.
 */
function teamFile(config: HookscopeConfig): RuleFile {
  const sources = [hookRules(config), sloRules(config)];
  return {
    file: 'team.yml',
    description:
      'Across all machines: hook latency, throughput, success and SLO error ratios per hook (the local recordings, summed over every machine that sends).',
    groups: sources.flatMap((f) =>
      f.groups.map((g) => ({
        ...g,
        name: `${g.name}-team`,
        rules: g.rules.filter((r) => !isAlert(r)),
      })),
    ),
  };
}

/** The center's rule files: per machine (hosts-<domain>.yml) and across machines (team.yml). */
export function centralRuleFiles(config: HookscopeConfig): RuleFile[] {
  const perHost = hostAwareFiles(ruleFiles(config).filter((f) => !LOCAL_ONLY.has(f.file))).map(
    (f) => ({ ...f, file: `hosts-${f.file}` }),
  );
  const files = [...perHost, teamFile(config)];
  checkRuleMetrics(files);
  return files;
}

/** The center's rule files as written; vmalert and Prometheus both load them. */
export function renderCentralRules(config: HookscopeConfig): GeneratedFile[] {
  return centralRuleFiles(config).map((file) => renderRuleFile(file, CENTRAL_RULES_DIR));
}
