import { IDENTITY_LABELS } from '@hookscope/config';
import { isAlert, type AlertingRule, type Rule, type RuleFile } from '../rule-types.js';

/**
 * The local rules made host-aware for the center, where every machine's samples meet with their
 * identity labels (team, env, host). Each aggregation and each vector match also keeps those
 * labels, so every figure and alert is per machine; recorded names gain the level `host_`
 * (`hook:...` becomes `host_hook:...`), leaving the plain names to the figures across all
 * machines. Rules stay correct as machines come and go: a machine that stops sending drops out
 * of every sum and ratio when its samples leave the window, and nothing fires for its absence.
 */

const IDENTITY = IDENTITY_LABELS.join(', ');

/** `hook:metric:ops` -> `host_hook:metric:ops`. */
export function hostLevel(record: string): string {
  return `host_${record}`;
}

/** Whether an expression judges the absence of series: at the center a machine may just be off. */
function judgesAbsence(expr: string): boolean {
  return /\babsent(_over_time)?\s*\(/.test(expr);
}

/** Rewrites an expression: identity labels in every grouping and match, recorded names renamed. */
export function hostAwareExpr(expr: string, renamed: ReadonlyMap<string, string>): string {
  const withLabels = expr
    .replace(
      /\b(by|on)\s*\(([^)]*)\)/g,
      (_m, kw: string, labels: string) =>
        `${kw} (${labels.trim() ? `${IDENTITY}, ${labels.trim()}` : IDENTITY})`,
    )
    // An aggregation over everything (`sum (...)`) becomes one per machine.
    .replace(/\b(sum|count|min|max|avg|group)\s*\((?!\s*\))/g, `$1 by (${IDENTITY}) (`);
  return withLabels.replace(/[a-zA-Z_:][\w:]*/g, (name) => renamed.get(name) ?? name);
}

/** Annotations: recorded names in template queries renamed, and the machine named in the description. */
function hostAwareAlert(rule: AlertingRule, renamed: ReadonlyMap<string, string>): AlertingRule {
  const rename = (text: string) => text.replace(/[a-zA-Z_:][\w:]*/g, (n) => renamed.get(n) ?? n);
  // A template query selecting one hook's series must also select this machine's.
  const description = rename(rule.annotations.description).replace(
    /\{hook_event='%s',hook_name='%s'\}([^"]*)" \$labels\.hook_event \$labels\.hook_name/g,
    `{hook_event='%s',hook_name='%s',host='%s'}$1" $labels.hook_event $labels.hook_name $labels.host`,
  );
  return {
    ...rule,
    expr: hostAwareExpr(rule.expr, renamed),
    annotations: {
      ...rule.annotations,
      description: `${description.replace(/\.\s*$/, '')}, on machine {{ $labels.host }}{{ if $labels.team }} (team {{ $labels.team }}){{ end }}.`,
    },
  };
}

/** Every rule file made host-aware; alerts about missing series are left out. */
export function hostAwareFiles(files: readonly RuleFile[]): RuleFile[] {
  const renamed = new Map(
    files.flatMap((f) =>
      f.groups.flatMap((g) =>
        g.rules.flatMap((r) => (isAlert(r) ? [] : [[r.record, hostLevel(r.record)] as const])),
      ),
    ),
  );
  const convert = (r: Rule): Rule[] => {
    if (isAlert(r)) return judgesAbsence(r.expr) ? [] : [hostAwareAlert(r, renamed)];
    return [{ ...r, record: renamed.get(r.record)!, expr: hostAwareExpr(r.expr, renamed) }];
  };
  return files.map((f) => ({
    ...f,
    description: `Per machine (team, env, host): ${f.description}`,
    groups: f.groups.map((g) => ({
      ...g,
      name: `${g.name}-hosts`,
      rules: g.rules.flatMap(convert),
    })),
  }));
}
