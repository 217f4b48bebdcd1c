import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, type HookscopeConfig } from '@hookscope/config';
import { remoteWriteAgentFlags, renderRemoteWriteAgentConfig } from '@hookscope/mixin';
import { freePort } from './ports.js';
import { startCollectorProcess, type CollectorProcess } from './processes.js';
import { startVm, type VmProcess } from './victoria.js';

/** One machine of a team: who it is at the center. */
export interface MachineId {
  host: string;
  team: string;
  env: string;
}

export interface Machine {
  host: string;
  spool: string;
  collector: CollectorProcess;
  agent: VmProcess;
  /** Hook runs recorded on this machine (each one exit code 0). */
  runs: number;
  stop(): Promise<void>;
}

/**
 * A simulated machine under `root`: its own spool, state, collector and remote-write agent
 * (vmagent started with the scrape config and flags `hookscope up` gives it, scraping every
 * second), writing to `storeUrl` and to any `alsoTo` endpoints.
 */
export async function startMachine(
  id: MachineId,
  root: string,
  storeUrl: string,
  opts: { alsoTo?: string[]; collectorArgs?: string[] } = {},
): Promise<Machine> {
  const dir = join(root, id.host);
  const spool = join(dir, 'spool');
  mkdirSync(join(dir, 'config', 'prometheus'), { recursive: true });
  const collectorPort = await freePort();
  const agentPort = await freePort();
  const config: HookscopeConfig = parseConfig(
    [
      `collector: { address: 127.0.0.1:${collectorPort} }`,
      'prometheus: { scrape_interval: 1s, evaluation_interval: 1s }',
      'remote_write:',
      `  url: ${storeUrl}/api/v1/write`,
      `  identity: { host: ${id.host}, team: ${id.team}, env: ${id.env} }`,
      `  agent_address: 127.0.0.1:${agentPort}`,
    ].join('\n'),
  );
  const collector = await startCollectorProcess([
    ...['--port', String(collectorPort), '--spool-dir', spool],
    ...['--state-dir', join(dir, 'collector')],
    ...(opts.collectorArgs ?? []),
  ]);
  const [scrape] = renderRemoteWriteAgentConfig(config);
  const scrapeConfig = join(dir, 'config', scrape!.path);
  writeFileSync(scrapeConfig, scrape!.content);
  const flags = remoteWriteAgentFlags(config, {
    host: id.host,
    bufferDir: join(dir, 'remote-write'),
    scrapeConfig,
    resolvePath: (p) => join(dir, p),
  }).filter((f) => !f.startsWith('-httpListenAddr=') && !f.startsWith('-loggerLevel='));
  const agent = await startVm('vmagent', agentPort, [
    ...flags,
    ...(opts.alsoTo ?? []).map((url) => `-remoteWrite.url=${url}/api/v1/write`),
    '-loggerLevel=WARN',
  ]);
  return {
    host: id.host,
    spool,
    collector,
    agent,
    runs: 0,
    stop: async () => {
      await agent.stop();
      await collector.stop();
    },
  };
}
