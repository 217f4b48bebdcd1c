import { envValue } from '@hookscope/runtime';
import { findExecutable } from './executables.js';

/**
 * The third-party servers `hookscope up` runs, where it looks for them and how to install them.
 * An environment variable naming the binary wins over PATH.
 */
export interface Component {
  name: string;
  /** Executable names tried on PATH, in order (Debian's name first). */
  executables: readonly string[];
  env: string;
  install: readonly string[];
}

export const PROMETHEUS: Component = {
  name: 'Prometheus',
  executables: ['prometheus'],
  env: 'HOOKSCOPE_PROMETHEUS_BIN',
  install: [
    'Debian/Ubuntu: sudo apt-get install prometheus   (or ./scripts/bootstrap.sh in this repository)',
    'macOS:         brew install prometheus',
    'other:         https://prometheus.io/download/ (put `prometheus` on PATH)',
  ],
};

export const ALERTMANAGER: Component = {
  name: 'Alertmanager',
  executables: ['prometheus-alertmanager', 'alertmanager'],
  env: 'HOOKSCOPE_ALERTMANAGER_BIN',
  install: [
    'Debian/Ubuntu: sudo apt-get install prometheus-alertmanager   (or ./scripts/bootstrap.sh)',
    'macOS:         brew install alertmanager',
    'other:         https://prometheus.io/download/#alertmanager (put `alertmanager` on PATH)',
  ],
};

/** The binary of a component, or undefined when it is not installed. */
export function locate(c: Component, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const override = envValue(env, c.env);
  return findExecutable(override ? [override] : c.executables, env);
}

/** What to tell the user when a component is missing. */
export function missingMessage(c: Component, env: NodeJS.ProcessEnv = process.env): string {
  const override = envValue(env, c.env);
  const where = override
    ? `${c.env}=${override} is not an executable file`
    : `none of ${c.executables.map((e) => `\`${e}\``).join(', ')} is on PATH`;
  return [
    `${c.name} is not installed (${where}). Install it:`,
    ...c.install.map((l) => `  ${l}`),
    `or set ${c.env} to its binary.`,
  ].join('\n');
}
