import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './ports.js';

/**
 * A hookscope.config.yaml in `dir` for `hookscope up` on free loopback ports, with 1 s scrape and
 * evaluation intervals so tests see data quickly, plus `extra` lines; and the environment to run
 * it with (the OTLP receiver on a free port, no config chosen from outside the test).
 */
export async function writeStackConfig(
  dir: string,
  extra: string[] = [],
): Promise<{ config: string; env: NodeJS.ProcessEnv }> {
  const [collector, prometheus, alertmanager, otlp] = await Promise.all(
    [1, 2, 3, 4].map(() => freePort()),
  );
  const config = join(dir, 'hookscope.config.yaml');
  writeFileSync(
    config,
    [
      `collector: { address: 127.0.0.1:${collector} }`,
      `prometheus: { address: 127.0.0.1:${prometheus}, scrape_interval: 1s, evaluation_interval: 1s }`,
      `alertmanager: { address: 127.0.0.1:${alertmanager} }`,
      ...extra,
    ].join('\n') + '\n',
  );
  const env = { ...process.env, HOOKSCOPE_OTLP_PORT: String(otlp) };
  delete env['HOOKSCOPE_CONFIG'];
  return { config, env };
}
