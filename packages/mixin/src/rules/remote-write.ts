import type { HookscopeConfig } from '@hookscope/config';
import { alert } from '../alert.js';
import { JOBS } from '../jobs.js';
import { REMOTE_WRITE_AGENT_SERIES as RW } from '../metric-references.js';
import { selector } from '../promql.js';
import type { RuleFile } from '../rule-types.js';

/** Defaults when the config has no remote_write section: the rules are inert without an agent. */
const DEFAULTS = { behind: '30m', failing_for: '10m' };

/**
 * The remote-write agent's health, evaluated by the machine's own Prometheus (which scrapes the
 * agent): the center cannot alert on a machine whose samples do not arrive. Warnings only: a
 * laptop offline for an afternoon loses nothing (the agent buffers on disk) and is not a page.
 */
export function remoteWriteRules(config: HookscopeConfig): RuleFile {
  const rw = { ...DEFAULTS, ...config.remote_write };
  const job = { job: JOBS.remoteWriteAgent };
  const refused = selector(RW.requests, { ...job, 'status_code!': '2XX' });
  const delivered = selector(RW.requests, { ...job, status_code: '2XX' });
  const by = 'job, instance';
  return {
    file: 'remote-write.yml',
    description:
      "Health of the remote-write agent that ships this machine's metrics to the central store (inert when remote_write is not configured).",
    groups: [
      {
        name: 'hookscope-remote-write',
        rules: [
          alert(config, {
            name: 'HookscopeRemoteWriteFailing',
            severity: 'warning',
            expr: `sum by (${by}, status_code) (rate(${refused}[5m])) > 0\nor\nlabel_replace(sum by (${by}) (rate(${selector(RW.errors, job)}[5m])) > 0, "status_code", "no answer", "", "")`,
            for: rw.failing_for,
            summary: 'The central store refuses or does not answer remote writes.',
            description: `The remote-write agent at {{ $labels.instance }} gets {{ $labels.status_code }} from the central store ({{ $value | printf "%.2g" }} failed requests/s): 401/403 means the credentials are wrong, 404 the URL path, 5xx or no answer a problem at the center. Samples stay buffered on disk meanwhile; \`hookscope up\` prints the URL and the fix at start.`,
          }),
          alert(config, {
            name: 'HookscopeRemoteWriteBehind',
            severity: 'warning',
            // Nothing delivered in the last 5m, for `behind`: the oldest unsent sample is that old.
            expr: `sum by (${by}) (${selector(RW.pendingBytes, job)}) > 0\nand on (${by})\nsum by (${by}) (increase(${delivered}[5m])) == 0`,
            for: rw.behind,
            summary:
              'Samples wait to be sent to the central store and nothing was delivered for a while.',
            description: `The remote-write agent at {{ $labels.instance }} holds {{ $value | humanize1024 }}B of unsent samples and delivered nothing for ${rw.behind}: the central view lacks this machine since then. Nothing is lost until the buffer (remote_write.max_buffer_size) fills.`,
          }),
        ],
      },
    ],
  };
}
