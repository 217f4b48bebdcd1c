import {
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_SESSION_ID,
  CLAUDE_ATTR_PREFIX,
} from '@hookscope/catalog';
import { redactSecrets } from '@hookscope/runtime';

/**
 * Reading a Claude Code hook payload (the JSON object Claude Code writes to a hook's stdin) for
 * what hookscope records: the event and tool (metric labels), ids and paths (span attributes),
 * and content only when the user opted in, with secrets redacted.
 */

export interface TopLevelValue {
  /** Decoded value for strings, numbers and booleans; undefined for objects, arrays, null. */
  value: string | number | boolean | undefined;
  /** The member's JSON text exactly as it was sent. */
  raw: string;
}

/**
 * The members of a JSON object, read from the start of `text`: stops cleanly where the text ends
 * (a payload cut at the sniffing limit) or stops being valid, keeping what it read so far. Nested
 * values are skipped without being parsed. Never throws.
 */
export function scanTopLevel(text: string): Map<string, TopLevelValue> {
  const out = new Map<string, TopLevelValue>();
  let i = skipWs(text, 0);
  if (text[i] !== '{') return out;
  i++;
  try {
    for (;;) {
      i = skipWs(text, i);
      if (text[i] !== '"') return out;
      const keyEnd = endOfString(text, i);
      if (keyEnd < 0) return out;
      const key = JSON.parse(text.slice(i, keyEnd)) as string;
      i = skipWs(text, keyEnd);
      if (text[i] !== ':') return out;
      const start = skipWs(text, i + 1);
      const end = endOfValue(text, start);
      if (end < 0) return out;
      const raw = text.slice(start, end);
      const first = raw[0];
      let value: TopLevelValue['value'];
      if (
        first === '"' ||
        first === '-' ||
        (first! >= '0' && first! <= '9') ||
        raw === 'true' ||
        raw === 'false'
      ) {
        value = JSON.parse(raw) as string | number | boolean;
      }
      out.set(key, { value, raw });
      i = skipWs(text, end);
      if (text[i] !== ',') return out;
      i++;
    }
  } catch {
    return out;
  }
}

function skipWs(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\n' || s[i] === '\r' || s[i] === '\t')) i++;
  return i;
}

function endOfString(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === '"') return j + 1;
  }
  return -1;
}

function endOfValue(s: string, i: number): number {
  const c = s[i];
  if (c === '"') return endOfString(s, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      const d = s[j];
      if (d === '"') {
        j = endOfString(s, j) - 1;
        if (j < 0) return -1;
      } else if (d === '{' || d === '[') depth++;
      else if ((d === '}' || d === ']') && --depth === 0) return j + 1;
    }
    return -1;
  }
  let j = i;
  while (j < s.length && !',}] \n\r\t'.includes(s[j]!)) j++;
  return j < s.length && j > i ? j : -1;
}

/** Payload fields that are ids, paths or settings: recorded on the span (never as labels). */
const SPAN_FIELDS: Record<string, string> = {
  session_id: ATTR_SESSION_ID,
  tool_use_id: ATTR_GEN_AI_TOOL_CALL_ID,
  agent_id: ATTR_GEN_AI_AGENT_ID,
  agent_type: ATTR_GEN_AI_AGENT_NAME,
  prompt_id: CLAUDE_ATTR_PREFIX + 'prompt_id',
  cwd: CLAUDE_ATTR_PREFIX + 'cwd',
  transcript_path: CLAUDE_ATTR_PREFIX + 'transcript_path',
  permission_mode: CLAUDE_ATTR_PREFIX + 'permission_mode',
  source: CLAUDE_ATTR_PREFIX + 'source',
  reason: CLAUDE_ATTR_PREFIX + 'reason',
  trigger: CLAUDE_ATTR_PREFIX + 'trigger',
  stop_hook_active: CLAUDE_ATTR_PREFIX + 'stop_hook_active',
  notification_type: CLAUDE_ATTR_PREFIX + 'notification_type',
  model: CLAUDE_ATTR_PREFIX + 'model',
  conversation_id: ATTR_GEN_AI_CONVERSATION_ID, // Cursor
  generation_id: CLAUDE_ATTR_PREFIX + 'generation_id', // Cursor
  turn_id: CLAUDE_ATTR_PREFIX + 'turn_id', // Codex
};

/** Payload fields naming the tool, first found wins (GitHub Copilot writes camelCase). */
const TOOL_FIELDS = ['tool_name', 'toolName'];

/** Payload fields that hold user content: recorded only when named in `--capture-content`. */
export const CONTENT_FIELDS = [
  'tool_input',
  'tool_response',
  'prompt',
  'message',
  'custom_instructions',
  'last_assistant_message',
] as const;

export interface ClaudePayload {
  event: string | undefined;
  tool: string | undefined;
  attributes: Record<string, string | number | boolean>;
}

/**
 * What a hook payload tells hookscope, or undefined when `text` is not a hook payload: one that
 * names its event (`hook_event_name` among its first members) or, for a hook of an agent named
 * with `--agent` (GitHub Copilot's payloads do not name the event), any JSON object.
 */
export function readClaudePayload(
  text: string,
  capture: readonly string[],
  agent?: string,
): ClaudePayload | undefined {
  const fields = scanTopLevel(text);
  const named = fields.get('hook_event_name')?.value;
  const event = typeof named === 'string' ? named : undefined;
  if (event === undefined && (agent === undefined || fields.size === 0)) return undefined;
  const tool = TOOL_FIELDS.map((f) => fields.get(f)?.value).find(
    (v) => typeof v === 'string' && v !== '',
  );
  const attributes: ClaudePayload['attributes'] = {};
  for (const [field, key] of Object.entries(SPAN_FIELDS)) {
    const v = fields.get(field)?.value;
    if (v !== undefined) attributes[key] = v;
  }
  const all = capture.includes('all');
  for (const field of CONTENT_FIELDS) {
    if (!all && !capture.includes(field)) continue;
    const member = fields.get(field);
    if (!member) continue;
    const text = typeof member.value === 'string' ? member.value : member.raw;
    attributes[CLAUDE_ATTR_PREFIX + field] = redactSecrets(text);
  }
  return { event, tool: typeof tool === 'string' ? tool : undefined, attributes };
}
