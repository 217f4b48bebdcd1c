import { Document, isScalar, stringify, visit } from 'yaml';
import { configJsonSchema } from './json-schema.js';
import { CONFIG_FILE_NAME, defaultConfig } from './load.js';

type Schema = ReturnType<typeof configJsonSchema>;

export const SCHEMA_FILE_NAME = 'hookscope.config.schema.json';

const HEADER = `# yaml-language-server: $schema=./${SCHEMA_FILE_NAME}
#
# ${CONFIG_FILE_NAME}: the one place for hookscope's thresholds, windows, retention and receivers.
# Rules, Alertmanager config, dashboards and reports are generated from it: after editing, run
#   hookscope generate
# Every key is optional; a key left out takes the default shown here. Unknown keys, wrong types and
# contradictions (a warning above its critical threshold) are errors that name the key and line.
# Documentation: docs/configuration.md.
`;

/**
 * The documented defaults file (`hookscope config init` writes it): every key, its default and
 * meaning; `generateDir` sets generate.dir in it.
 */
export function renderDefaultConfig(opts: { generateDir?: string } = {}): string {
  const schema = configJsonSchema();
  const defaults = defaultConfig();
  if (opts.generateDir !== undefined) defaults.generate = { dir: opts.generateDir };
  const body = Object.entries(schema.properties ?? {})
    .map(([key, node]) => renderKey(key, node, (defaults as Record<string, unknown>)[key], 0))
    .join('\n');
  return `${HEADER}\n${body}`;
}

/** The JSON Schema file editors read (`$schema` in the header above). */
export function renderConfigSchema(): string {
  return JSON.stringify(configJsonSchema(), null, 2) + '\n';
}

function renderKey(key: string, node: Schema, value: unknown, depth: number): string {
  const pad = '  '.repeat(depth);
  const comment = node.description
    ? wrap(node.description, 98 - pad.length)
        .map((l) => `${pad}# ${l}\n`)
        .join('')
    : '';
  // An optional section without a default (remote_write): shown commented out, with its keys.
  if (value === undefined) {
    const keys = Object.keys(node.properties ?? node.anyOf?.[0]?.properties ?? {});
    return `${comment}${pad}# ${key}:   (not set; keys: ${keys.join(', ')})\n`;
  }
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) {
    return `${comment}${pad}${key}: ${scalar(value)}\n`;
  }
  if (Array.isArray(value)) {
    const variants = (node.items?.oneOf ?? []).map(
      (v: Schema) =>
        `${pad}#   type ${String(v.properties?.['type']?.const)}: ${Object.keys(v.properties ?? {})
          .filter((k) => k !== 'type')
          .join(', ')}\n`,
    );
    const doc = new Document(value);
    visit(doc, {
      Seq: (_, seq) => void (seq.flow = seq.items.every(isScalar)),
      // Quoted: YAML 1.1 readers take an unquoted 20:00 for the number 1200.
      Scalar: (_, s) => void (CLOCK_LIKE.test(String(s.value)) && (s.type = 'QUOTE_DOUBLE')),
    });
    const items = doc
      .toString({ lineWidth: 0, flowCollectionPadding: false })
      .trimEnd()
      .split('\n')
      .map((l) => `${pad}  ${l}`)
      .join('\n');
    return `${comment}${variants.join('')}${pad}${key}:\n${items}\n`;
  }
  if (value !== null && typeof value === 'object' && isFlow(value as Record<string, unknown>)) {
    return `${comment}${pad}${key}: ${flow(value as Record<string, unknown>)}\n`;
  }
  if (value !== null && typeof value === 'object') {
    // Entries of a map keyed by the user (process types) share one description, given above.
    const children = Object.entries(value as Record<string, unknown>).map(([k, v]) =>
      renderKey(k, node.properties?.[k] ?? {}, v, depth + 1),
    );
    return `${comment}${pad}${key}:\n${children.join('')}`;
  }
  return `${comment}${pad}${key}: ${scalar(value)}\n`;
}

/** Warning/critical pairs (thresholds or `for` durations) and min/max ranges read best on one line. */
function isFlow(v: Record<string, unknown>): boolean {
  const keys = Object.keys(v).join();
  return (
    Object.values(v).every((x) => typeof x === 'number') ||
    (keys === 'warning,critical' && Object.values(v).every((x) => typeof x === 'string'))
  );
}

function flow(v: Record<string, unknown>): string {
  return `{ ${Object.entries(v)
    .map(([k, x]) => `${k}: ${scalar(x)}`)
    .join(', ')} }`;
}

const CLOCK_LIKE = /^\d+:\d+$/;

function scalar(v: unknown): string {
  return stringify(v, { collectionStyle: 'flow', flowCollectionPadding: false }).trimEnd();
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
