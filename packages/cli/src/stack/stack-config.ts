import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SCHEMA_FILE_NAME, type HookscopeConfig } from '@hookscope/config';
import {
  ALERTMANAGER_CONFIG_PATH,
  alertmanagerArtifacts,
  PROMETHEUS_CONFIG_PATH,
  prometheusArtifacts,
  type GeneratedFile,
} from '@hookscope/mixin';

/**
 * What Prometheus and Alertmanager run with under `hookscope up`: generated from the config on
 * every start into <state>/config, never into the project, so `up` needs no `hookscope generate`
 * first and never runs with files older than the config.
 */

export const STACK_CONFIG_DIR = 'config';

export interface StackConfigFiles {
  dir: string;
  prometheusConfig: string;
  alertmanagerConfig: string;
}

/** The files and where they will be; generates in memory (a config the rules reject throws here). */
export function stackConfigFiles(
  config: HookscopeConfig,
  stateDir: string,
): { files: GeneratedFile[]; paths: StackConfigFiles } {
  const files = [...prometheusArtifacts(config), ...alertmanagerArtifacts(config)].filter(
    (f) => f.path !== SCHEMA_FILE_NAME,
  );
  const dir = join(stateDir, STACK_CONFIG_DIR);
  return {
    files,
    paths: {
      dir,
      prometheusConfig: join(dir, PROMETHEUS_CONFIG_PATH),
      alertmanagerConfig: join(dir, ALERTMANAGER_CONFIG_PATH),
    },
  };
}

/**
 * Writes the files into a fresh directory beside <state>/config, then puts it in place: a run
 * that fails half-way leaves the previous configs whole, and no file is written through a link
 * left in the old directory.
 */
export function writeStackConfig(files: readonly GeneratedFile[], paths: StackConfigFiles): void {
  const parent = dirname(paths.dir);
  const fresh = mkdtempSync(join(parent, `.${STACK_CONFIG_DIR}-`));
  try {
    for (const f of files) {
      const target = join(fresh, f.path);
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      writeFileSync(target, f.content, { flag: 'wx', mode: 0o600 });
    }
    rmSync(paths.dir, { recursive: true, force: true });
    renameSync(fresh, paths.dir);
  } catch (err) {
    rmSync(fresh, { recursive: true, force: true });
    throw err;
  }
}
