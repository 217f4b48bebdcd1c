// A stand-in for the OpenAI Responses API as Codex uses it (JavaScript, like the others).
import { json, sse, startStandIn } from './server.mjs';

/**
 * @typedef {{ text: string } | { tool: string, input: Record<string, unknown> }} ModelTurn
 *   One scripted answer: text, or a call of one function tool.
 * @typedef {{ type: string, role?: string, content?: { type: string, text?: string }[],
 *   name?: string, arguments?: string, output?: unknown }} InputItem
 * @typedef {{ model: string, stream?: boolean, input: InputItem[], tools?: { name?: string }[] }} ResponsesRequest
 */

/**
 * Plays a scripted conversation over `POST /v1/responses`, streamed as server-sent events, and
 * records every request. Codex sends the whole conversation each time (`store: false`): a
 * request whose input already holds N function calls gets `turns[N]` (the last one again
 * beyond the end). Call ids are derived from the turn, so two runs send the same conversation.
 * @param {{ turns: ModelTurn[], usage?: { input_tokens: number, output_tokens: number } }} script
 */
export async function startResponsesStandIn(script) {
  const usage = script.usage ?? { input_tokens: 100, output_tokens: 10 };
  const server = await startStandIn((req, res) => {
    const path = req.url.split('?')[0];
    if (req.method !== 'POST' || !path.endsWith('/responses')) {
      return json(res, 404, { error: { message: `no such endpoint: ${path}` } });
    }
    const body = /** @type {ResponsesRequest} */ (req.body);
    const n = body.input.filter((i) => i.type === 'function_call').length;
    const turn = script.turns[Math.min(n, script.turns.length - 1)];
    const id = `resp_${n}`;
    const item =
      'tool' in turn
        ? {
            type: 'function_call',
            id: `fc_${n}`,
            call_id: `call_${n}`,
            name: turn.tool,
            arguments: JSON.stringify(turn.input),
            status: 'completed',
          }
        : {
            type: 'message',
            id: `msg_${n}`,
            role: 'assistant',
            status: 'completed',
            content: [{ type: 'output_text', text: turn.text, annotations: [] }],
          };
    const fullUsage = {
      ...usage,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: usage.input_tokens + usage.output_tokens,
    };
    const events = [
      { type: 'response.created', response: { id, status: 'in_progress' } },
      { type: 'response.output_item.done', output_index: 0, item },
      { type: 'response.completed', response: { id, status: 'completed', usage: fullUsage } },
    ];
    sse(
      res,
      events.map((data) => ({ event: data.type, data })),
    );
  });
  return {
    ...server,
    /** The Responses API requests, parsed. */
    responses: () =>
      server.requests
        .filter((r) => r.method === 'POST' && r.url.split('?')[0].endsWith('/responses'))
        .map((request) => ({ request, body: /** @type {ResponsesRequest} */ (request.body) })),
  };
}

/**
 * The text of a request as the model reads it: every input item's text, function calls and
 * their outputs, one line each.
 * @param {ResponsesRequest} body
 */
export function responsesText(body) {
  return body.input
    .map((i) => {
      if (i.type === 'message')
        return `${i.role}: ${(i.content ?? []).map((c) => c.text ?? c.type).join('\n')}`;
      if (i.type === 'function_call') return `calls ${i.name}: ${i.arguments}`;
      if (i.type === 'function_call_output') return `result: ${JSON.stringify(i.output)}`;
      return i.type;
    })
    .join('\n');
}
