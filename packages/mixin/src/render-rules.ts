import { CONFIG_FILE_NAME } from '@hookscope/config';
import { stringify } from 'yaml';
import { generatedHeader, type GeneratedFile } from './generated-file.js';
import type { RuleFile } from './rule-types.js';

export const RULES_DIR = 'prometheus/rules';

/** A rule file as Prometheus loads it; multi-line expressions are written as literal blocks. */
export function renderRuleFile(file: RuleFile, dir: string = RULES_DIR): GeneratedFile {
  const body = stringify({ groups: file.groups }, { lineWidth: 0, indentSeq: true });
  return {
    path: `${dir}/${file.file}`,
    content: generatedHeader(CONFIG_FILE_NAME, [file.description]) + body,
  };
}
