// A stand-in for the Anthropic Messages API (JavaScript, so that benchmarks can use it too).
import { json, sse, startStandIn } from './server.mjs';

/**
 * @typedef {{ text: string } | { tool: string, input: Record<string, unknown> }} ModelTurn
 *   One scripted answer of the model: text, or a call of one tool.
 * @typedef {object} AnthropicScript
 * @property {ModelTurn[]} turns The main conversation's answers: a request whose messages
 *   already hold N assistant turns gets `turns[N]` (the last one again beyond the end), so
 *   retries and side requests do not shift the script.
 * @property {string} [sideText] What requests without tools get (titles, summaries, classifiers).
 * @property {{ input_tokens: number, output_tokens: number }} [usage] Reported for every answer.
 * @typedef {{ type: string, text?: string, name?: string, input?: unknown, content?: unknown, is_error?: boolean }} ContentBlock
 * @typedef {object} MessagesRequest The parts of a Messages API request the tests read.
 * @property {string} model
 * @property {boolean} [stream]
 * @property {string | { type: string, text: string }[]} [system]
 * @property {{ name: string }[]} [tools]
 * @property {{ role: string, content: string | ContentBlock[] }[]} messages
 */

/**
 * A stand-in for the Anthropic Messages API (`ANTHROPIC_BASE_URL`): plays a scripted
 * conversation, streaming (server-sent events, as Claude Code asks) or not, answers token
 * counts, and records every request. Tool-use ids are derived from the turn, so two runs of
 * the same script send the same conversation.
 * @param {AnthropicScript} script
 */
export async function startAnthropicStandIn(script) {
  const usage = script.usage ?? { input_tokens: 100, output_tokens: 10 };
  const server = await startStandIn((req, res) => {
    const path = req.url.split('?')[0];
    if (req.method === 'POST' && path === '/v1/messages/count_tokens') {
      return json(res, 200, { input_tokens: usage.input_tokens });
    }
    if (req.method !== 'POST' || path !== '/v1/messages') {
      return json(res, 404, { type: 'error', error: { type: 'not_found_error', message: path } });
    }
    const body = /** @type {MessagesRequest} */ (req.body);
    const main = Array.isArray(body.tools) && body.tools.length > 0;
    const n = body.messages.filter((m) => m.role === 'assistant').length;
    const turn = main
      ? script.turns[Math.min(n, script.turns.length - 1)]
      : { text: script.sideText ?? 'OK' };
    answer(res, body, turn, `${main ? 'main' : 'side'}_${n}`, usage);
  });
  return {
    ...server,
    /** The Messages API requests (`POST /v1/messages`), without token counts and others. */
    messages: () =>
      server.requests
        .filter((r) => r.method === 'POST' && r.url.split('?')[0] === '/v1/messages')
        .map((request) => ({ request, body: /** @type {MessagesRequest} */ (request.body) })),
  };
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {MessagesRequest} req
 * @param {ModelTurn} turn
 * @param {string} id
 * @param {{ input_tokens: number, output_tokens: number }} usage
 */
function answer(res, req, turn, id, usage) {
  const block =
    'tool' in turn
      ? { type: 'tool_use', id: `toolu_${id}`, name: turn.tool, input: turn.input }
      : { type: 'text', text: turn.text };
  const stopReason = 'tool' in turn ? 'tool_use' : 'end_turn';
  const message = { id: `msg_${id}`, type: 'message', role: 'assistant', model: req.model };
  const fullUsage = { ...usage, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
  if (!req.stream) {
    return json(res, 200, {
      ...message,
      content: [block],
      stop_reason: stopReason,
      stop_sequence: null,
      usage: fullUsage,
    });
  }
  const delta =
    'tool' in turn
      ? { type: 'input_json_delta', partial_json: JSON.stringify(turn.input) }
      : { type: 'text_delta', text: turn.text };
  const start = 'tool' in turn ? { ...block, input: {} } : { ...block, text: '' };
  const events = [
    {
      type: 'message_start',
      message: {
        ...message,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...fullUsage, output_tokens: 1 },
      },
    },
    { type: 'content_block_start', index: 0, content_block: start },
    { type: 'content_block_delta', index: 0, delta },
    { type: 'content_block_stop', index: 0 },
    {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: usage.output_tokens },
    },
    { type: 'message_stop' },
  ];
  sse(
    res,
    events.map((data) => ({ event: data.type, data })),
  );
}

/**
 * The text of a request as the model reads it: system prompt, then each message's text, tool
 * calls and tool results, one line per block. Two runs of the same script compare equal unless
 * something the agent showed the model changed.
 * @param {MessagesRequest} body
 */
export function conversationText(body) {
  const lines = [];
  const system = typeof body.system === 'string' ? [{ text: body.system }] : (body.system ?? []);
  for (const s of system) lines.push(`system: ${s.text}`);
  for (const m of body.messages) {
    const blocks = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content;
    for (const b of blocks) {
      if (b.type === 'text') lines.push(`${m.role}: ${b.text}`);
      else if (b.type === 'tool_use')
        lines.push(`${m.role} calls ${b.name}: ${JSON.stringify(b.input)}`);
      else if (b.type === 'tool_result')
        lines.push(`${m.role} result${b.is_error ? ' (error)' : ''}: ${JSON.stringify(b.content)}`);
      else lines.push(`${m.role} ${b.type}`);
    }
  }
  return lines.join('\n');
}
