import { COLLECTOR_DEFAULTS } from '@hookscope/collector';
import { memberOf, parseJsonText, type JsonNode, type JsonObject } from '../settings/json-text.js';
import { appendMembers, objectText, removeMembers } from '../settings/object-edits.js';
import { SettingsError } from '../settings/settings-file.js';
import { applyEdits, type TextEdit } from '../settings/text-edits.js';

/**
 * `hookscope install --claude-telemetry`: the `env` block of a Claude Code settings file that
 * turns on its OpenTelemetry export (metrics, events and spans over OTLP/HTTP) towards the
 * collector.
 * Keys already set to another value are left alone and reported; the keys install added are
 * listed in one more entry, so that `uninstall` removes exactly those.
 */

export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

export const DEFAULT_OTLP_ENDPOINT = `http://${COLLECTOR_DEFAULTS.otlpHost}:${COLLECTOR_DEFAULTS.otlpPort}`;

/** The env entry that lists what install added (comma-separated keys). */
export const TELEMETRY_MARKER = 'HOOKSCOPE_CLAUDE_TELEMETRY';

/** What Claude Code needs in its environment to export to the collector. */
export function claudeTelemetryEnv(endpoint: string, protocol: OtlpProtocol): [string, string][] {
  return [
    ['CLAUDE_CODE_ENABLE_TELEMETRY', '1'],
    ['OTEL_METRICS_EXPORTER', 'otlp'],
    ['OTEL_LOGS_EXPORTER', 'otlp'],
    ['OTEL_EXPORTER_OTLP_PROTOCOL', protocol],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', endpoint],
    // Counters every 10 s instead of 60 s; events at Claude Code's default of 5 s.
    ['OTEL_METRIC_EXPORT_INTERVAL', '10000'],
    ['OTEL_LOGS_EXPORT_INTERVAL', '5000'],
    // Its spans (beta): the interaction span of each prompt becomes the parent of the hook spans
    // of that prompt, through the TRACEPARENT it passes to hooks. It passes none when
    // ANTHROPIC_BASE_URL points at a gateway, unless told to propagate.
    ['OTEL_TRACES_EXPORTER', 'otlp'],
    ['CLAUDE_CODE_ENHANCED_TELEMETRY_BETA', '1'],
    ['CLAUDE_CODE_PROPAGATE_TRACEPARENT', '1'],
  ];
}

/** An OTLP/HTTP base URL: http(s), host and port, no path (the exporters add `/v1/...`). */
export function checkEndpoint(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `'${raw}' is not a URL (e.g. ${DEFAULT_OTLP_ENDPOINT})`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `'${raw}' is not an http(s) URL`;
  if (url.pathname !== '/' || url.search || url.hash) {
    return `'${raw}' has a path: give the base URL (Claude Code adds /v1/metrics, /v1/logs and /v1/traces)`;
  }
  return undefined;
}

export interface EnvPlan {
  newText: string;
  /** Keys added (install) or removed (uninstall). */
  changed: string[];
  /** Keys already set to the wanted value, left as they are. */
  alreadySet: string[];
  /** Keys set to something else: left alone. */
  conflicts: { key: string; current: string; wanted: string }[];
}

/** Adds the telemetry env to a settings file's text (`''`: a file to create). */
export function planTelemetryInstall(
  path: string,
  text: string,
  wanted: readonly (readonly [string, string])[],
): EnvPlan {
  const plan: EnvPlan = { newText: text, changed: [], alreadySet: [], conflicts: [] };
  if (text.trim() === '') {
    const entries = [...wanted, [TELEMETRY_MARKER, wanted.map(([k]) => k).join(',')] as const];
    const root = parseJsonText('{}') as JsonObject;
    plan.newText = `{\n  "env": ${objectText('{}', root, entries)}\n}\n`;
    plan.changed = wanted.map(([k]) => k);
    return plan;
  }
  const { root, env, marker } = readEnv(path, text);
  const ours = new Set(marker?.keys ?? []);
  const add: [string, string][] = [];
  const edits: TextEdit[] = [];
  for (const [key, value] of wanted) {
    const current = env && memberOf(env, key);
    if (!current) {
      add.push([key, value]);
      ours.add(key);
    } else if (current.type === 'string' && current.value === value) {
      plan.alreadySet.push(key);
    } else if (ours.has(key)) {
      // Written by an earlier install (another endpoint or protocol): updated.
      edits.push({
        offset: current.start,
        length: current.end - current.start,
        text: JSON.stringify(value),
      });
      plan.changed.push(key);
    } else {
      plan.conflicts.push({ key, current: shownValue(text, current), wanted: value });
    }
  }
  if (add.length === 0) {
    plan.newText = applyEdits(text, edits);
    return plan;
  }
  plan.changed.push(...add.map(([k]) => k));
  const markerValue = [...ours].join(',');
  if (!env) {
    const entries = [...add, [TELEMETRY_MARKER, markerValue] as const];
    edits.push(appendMembers(text, root, [['env', objectText(text, root, entries)]]));
  } else {
    const members = add.map(([k, v]) => [k, JSON.stringify(v)] as const);
    if (marker) {
      edits.push({
        offset: marker.node.start,
        length: marker.node.end - marker.node.start,
        text: JSON.stringify(markerValue),
      });
    } else {
      members.push([TELEMETRY_MARKER, JSON.stringify(markerValue)]);
    }
    edits.push(appendMembers(text, env, members));
  }
  plan.newText = applyEdits(text, edits);
  return plan;
}

/** Removes what install added (the keys its marker lists, and the marker); else nothing. */
export function planTelemetryUninstall(path: string, text: string): EnvPlan {
  const plan: EnvPlan = { newText: text, changed: [], alreadySet: [], conflicts: [] };
  const { root, env, marker } = readEnv(path, text);
  if (!env || !marker) return plan;
  const remove = new Set([...marker.keys, TELEMETRY_MARKER]);
  plan.changed = marker.keys.filter((k) => memberOf(env, k));
  const emptied = env.members.every((m) => remove.has(m.key));
  const edits = emptied
    ? removeMembers(text, root, new Set(['env']))
    : removeMembers(text, env, remove);
  plan.newText = applyEdits(text, edits);
  return plan;
}

function readEnv(path: string, text: string) {
  const root = parseJsonText(text) as JsonObject;
  const envNode = memberOf(root, 'env');
  if (envNode && envNode.type !== 'object') {
    throw new SettingsError(
      `${path}: env must be an object of environment variables, found ${envNode.type}`,
    );
  }
  const env = envNode as JsonObject | undefined;
  const markerNode = env && memberOf(env, TELEMETRY_MARKER);
  const marker =
    markerNode?.type === 'string'
      ? { node: markerNode, keys: markerNode.value.split(',').filter((k) => k !== '') }
      : undefined;
  return { root, env, marker };
}

function shownValue(text: string, node: JsonNode): string {
  return text.slice(node.start, node.end);
}
