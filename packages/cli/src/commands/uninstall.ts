import { runSettingsCommand } from '../install/run.js';

export function run(args: string[]): Promise<number> {
  return runSettingsCommand('uninstall', args);
}
