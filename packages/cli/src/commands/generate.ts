import { existsSync } from 'node:fs';
import { loadConfig, receiverSecretFiles, resolveConfigPath } from '@hookscope/config';
import { alertmanagerArtifacts, prometheusArtifacts, type GeneratedFile } from '@hookscope/mixin';
import { resolve } from 'node:path';
import { applyPlan, planFiles } from '../generated-files.js';
import { stackArtifacts } from '../stack/compose.js';
import { centralStackArtifacts } from '../stack/central-compose.js';
import { parseFlags } from '../usage.js';
import type { HookscopeConfig } from '@hookscope/config';

/** Every generator of committed artifacts; each turns the config into files. */
const GENERATORS: readonly ((config: HookscopeConfig) => GeneratedFile[])[] = [
  prometheusArtifacts,
  alertmanagerArtifacts,
  stackArtifacts,
  centralStackArtifacts,
];

const HELP = `usage: hookscope generate [options]

Generates the monitoring configuration from hookscope.config.yaml: Prometheus recording and
alerting rules (prometheus/rules/*.yml), prometheus/prometheus.yml, the Alertmanager config
(alertmanager/alertmanager.yml) and notification templates (alertmanager/templates/), the
config's JSON Schema, the Grafana dashboards and provisioning (grafana/), docker-compose.yml and
deploy/prometheus.yml; for a team's central store, central/ (host-aware rules for vmalert or
Prometheus, and the central compose stack); with remote_write set, the remote-write agent's
scrape config (prometheus/remote-write-agent.yml).
Commit the results; run again after editing the config.

options:
  --config FILE  config file (default: hookscope.config.yaml in the current directory or the
                 nearest parent up to the project root; env HOOKSCOPE_CONFIG; none: the defaults)
  --out DIR      directory to write into (default: the config file's directory, else the
                 current directory)
  --check        write nothing; list what would change and exit 1 if anything would (for CI)`;

export async function run(args: string[]): Promise<number> {
  const flags = parseFlags(
    args,
    { config: { type: 'string' }, out: { type: 'string' }, check: { type: 'boolean' } },
    HELP,
  );
  if (!flags) return 0;
  const loaded = loadConfig({ path: flags.config });
  const outDir = resolve(flags.out ?? loaded.dir);
  const files = GENERATORS.flatMap((g) => g(loaded.config));
  const plan = planFiles(outDir, files);
  const out = process.stdout;
  out.write(
    `hookscope generate: ${loaded.path ? `config ${loaded.path}` : 'no hookscope.config.yaml found, using the defaults'}\n`,
  );
  for (const { path, state } of plan)
    out.write(
      `  ${(flags.check && state !== 'unchanged' ? `would be ${state}` : state).padEnd(18)} ${path}\n`,
    );
  const pending = plan.filter((p) => p.state !== 'unchanged');
  if (flags.check) {
    out.write(
      pending.length
        ? `${pending.length} file(s) out of date in ${outDir}: run hookscope generate\n`
        : `all ${plan.length} files up to date in ${outDir}\n`,
    );
    return pending.length ? 1 : 0;
  }
  applyPlan(outDir, files, plan);
  out.write(`${pending.length} of ${plan.length} file(s) written in ${outDir}\n`);
  // Not an error: secrets are often put in place after the config is written.
  for (const s of receiverSecretFiles(loaded.config.alertmanager)) {
    if (!existsSync(resolveConfigPath(loaded, s.path)))
      out.write(
        `note: ${s.path} (${s.key} of receiver ${s.receiver}) does not exist: Alertmanager cannot notify ${s.receiver} until it does (see docs/alerting.md, Secrets)\n`,
      );
  }
  return 0;
}
