import type { HookscopeConfig } from '@hookscope/config';
import { withEscalations } from './escalation.js';
import type { RuleFile } from './rule-types.js';
import { collectorRules } from './rules/collector.js';
import { hookRules } from './rules/hooks.js';
import { regressionRules } from './rules/regression.js';
import { sloRules } from './rules/slo.js';
import { shareRules } from './rules/shares.js';
import { resourceRules } from './rules/resources.js';
import { cacheRules } from './rules/caches.js';
import { testingRules } from './rules/test-selection.js';
import { conversationRules } from './rules/conversations.js';
import { remoteWriteRules } from './rules/remote-write.js';

/** Every rule file, one module per domain. Add a domain's rules here. */
const RULE_MODULES: readonly ((config: HookscopeConfig) => RuleFile)[] = [
  hookRules,
  sloRules,
  regressionRules,
  shareRules,
  resourceRules,
  cacheRules,
  testingRules,
  conversationRules,
  collectorRules,
  remoteWriteRules,
];

/** Every rule file; each critical alert comes with its escalation copy (see escalation.ts). */
export function ruleFiles(config: HookscopeConfig): RuleFile[] {
  return RULE_MODULES.map((make) => withEscalations(config, make(config)));
}
