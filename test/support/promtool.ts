import { spawnSync } from 'node:child_process';

/**
 * `promtool check metrics` on a /metrics text, as Prometheus's own tool parses it: the problems
 * it reports ('' when none). Its lint of names and help text is part of the check.
 */
export function promtoolProblems(text: string): string {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (r.error) throw r.error;
  return r.status === 0 ? '' : `${r.stdout}${r.stderr}`.trim() || `exit ${r.status}`;
}
