import { CONFIG_FILE_NAME, type HookscopeConfig } from '@hookscope/config';
import { stringify } from 'yaml';
import { generatedHeader, type GeneratedFile } from '../generated-file.js';
import { JOBS } from '../jobs.js';
import { REMOTE_WRITE_AGENT_SERIES } from '../metric-references.js';

/**
 * The remote-write agent of one machine: vmagent scraping the collector (and itself) and sending
 * every sample to remote_write.url. Its scrape config is generated here; what depends on the
 * machine (hostname, state directory, credential paths) goes into its flags at start.
 *
 * Why vmagent and not Prometheus in agent mode: vmagent's disk buffer survives a restart of the
 * agent (a laptop rebooted while offline keeps what it had not sent), and it keeps retrying a
 * refusal such as 401 or 404 while the user fixes credentials or the URL; Prometheus 2.42's remote
 * write reads its WAL from the moment it starts and drops samples on a 4xx answer.
 */
export const REMOTE_WRITE_AGENT_CONFIG_PATH = 'prometheus/remote-write-agent.yml';

/**
 * vmagent's -promscrape.config: the collector (job `hookscope`, as Prometheus scrapes it) and
 * itself. Of its own few hundred series it sends only the delivery figures (pending bytes,
 * answers, failures): the center sees which machines are behind, and a team's store does not
 * carry vmagent's internals for every machine (a fifth of a busy machine's samples).
 */
export function renderRemoteWriteAgentConfig(config: HookscopeConfig): GeneratedFile[] {
  const rw = config.remote_write;
  if (!rw) return [];
  const doc = {
    global: { scrape_interval: config.prometheus.scrape_interval },
    scrape_configs: [
      { job_name: JOBS.collector, static_configs: [{ targets: [config.collector.address] }] },
      {
        job_name: JOBS.remoteWriteAgent,
        static_configs: [{ targets: [rw.agent_address] }],
        metric_relabel_configs: [
          {
            source_labels: ['__name__'],
            regex: Object.values(REMOTE_WRITE_AGENT_SERIES).join('|'),
            action: 'keep',
          },
        ],
      },
    ],
  };
  return [
    {
      path: REMOTE_WRITE_AGENT_CONFIG_PATH,
      content:
        generatedHeader(CONFIG_FILE_NAME, [
          `Scrape config of the remote-write agent (vmagent) that \`hookscope up\` runs: it sends`,
          `every sample to ${rw.url}, labelled with this machine's identity (see docs/teams.md).`,
        ]) + stringify(doc, { lineWidth: 0, indentSeq: true }),
    },
  ];
}

export interface AgentRun {
  /** This machine's name at the center (identity.host, else the hostname). */
  host: string;
  /** Where the agent keeps its disk buffer. */
  bufferDir: string;
  /** The generated scrape config, as an absolute path. */
  scrapeConfig: string;
  /** A path written in the config (credential or CA file) made absolute. */
  resolvePath: (path: string) => string;
}

/** vmagent's command-line flags for this machine: endpoint, identity labels, credentials, TLS, buffer. */
export function remoteWriteAgentFlags(config: HookscopeConfig, run: AgentRun): string[] {
  const rw = config.remote_write;
  if (!rw) throw new Error('remote_write is not configured');
  const identity = { team: rw.identity.team, env: rw.identity.env, host: run.host };
  const flags = [
    `-promscrape.config=${run.scrapeConfig}`,
    `-httpListenAddr=${rw.agent_address}`,
    `-remoteWrite.url=${rw.url}`,
    `-remoteWrite.tmpDataPath=${run.bufferDir}`,
    `-remoteWrite.maxDiskUsagePerURL=${rw.max_buffer_size}`,
    ...Object.entries(identity)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `-remoteWrite.label=${k}=${v}`),
    '-loggerLevel=INFO',
  ];
  if (rw.basic_auth) {
    flags.push(
      `-remoteWrite.basicAuth.username=${rw.basic_auth.username}`,
      `-remoteWrite.basicAuth.passwordFile=${run.resolvePath(rw.basic_auth.password_file)}`,
    );
  }
  if (rw.bearer_token_file)
    flags.push(`-remoteWrite.bearerTokenFile=${run.resolvePath(rw.bearer_token_file)}`);
  const tls = rw.tls;
  if (tls) {
    if (tls.ca_file) flags.push(`-remoteWrite.tlsCAFile=${run.resolvePath(tls.ca_file)}`);
    if (tls.cert_file) flags.push(`-remoteWrite.tlsCertFile=${run.resolvePath(tls.cert_file)}`);
    if (tls.key_file) flags.push(`-remoteWrite.tlsKeyFile=${run.resolvePath(tls.key_file)}`);
    if (tls.server_name) flags.push(`-remoteWrite.tlsServerName=${tls.server_name}`);
    if (tls.insecure_skip_verify) flags.push('-remoteWrite.tlsInsecureSkipVerify=true');
  }
  return flags;
}
