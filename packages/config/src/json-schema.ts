import * as z from 'zod';
import { configSchema } from './schema.js';
import type { PathSegment } from './issues.js';

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  const?: unknown;
  default?: unknown;
  description?: string;
  [k: string]: unknown;
};

let cached: JsonSchema | undefined;

/** The JSON Schema of hookscope.config.yaml (draft-07, what YAML editor plugins read). */
export function configJsonSchema(): JsonSchema {
  if (!cached) {
    const generated = z.toJSONSchema(configSchema, {
      target: 'draft-7',
      io: 'input',
      unrepresentable: 'any',
    }) as JsonSchema;
    cached = {
      $schema: generated['$schema'],
      title: 'hookscope.config.yaml',
      description:
        'hookscope configuration: thresholds, windows, retention and receivers from which rules, Alertmanager config and dashboards are generated.',
      ...generated,
    };
  }
  return cached;
}

/** The schema node at a key path (for a list of receivers, the variant its `type` selects). */
export function schemaAt(path: readonly PathSegment[], data: unknown): JsonSchema | undefined {
  let node: JsonSchema | undefined = configJsonSchema();
  let value = data;
  for (const seg of path) {
    node = pickVariant(node, value);
    if (!node) return undefined;
    if (typeof seg === 'number') node = node.items;
    else
      node =
        node.properties?.[seg] ??
        (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
    value =
      value !== null && typeof value === 'object'
        ? (value as Record<PathSegment, unknown>)[seg]
        : undefined;
  }
  return pickVariant(node, value);
}

function pickVariant(node: JsonSchema | undefined, value: unknown): JsonSchema | undefined {
  const variants = node?.oneOf ?? node?.anyOf;
  if (!variants) return node;
  const type =
    value !== null && typeof value === 'object'
      ? (value as Record<string, unknown>)['type']
      : undefined;
  return variants.find((v) => v.properties?.['type']?.const === type) ?? variants[0];
}

export function knownKeysAt(path: readonly PathSegment[], data: unknown): string[] {
  return Object.keys(schemaAt(path, data)?.properties ?? {});
}
