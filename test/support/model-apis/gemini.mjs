// A stand-in for the Gemini API as Gemini CLI uses it (JavaScript, like the others).
import { json, sse, startStandIn } from './server.mjs';

/**
 * @typedef {{ text: string } | { tool: string, input: Record<string, unknown> }} ModelTurn One
 *   scripted answer of the main conversation: text, or a call of one of the CLI's tools.
 * @typedef {{ contents: { role?: string, parts: { text?: string }[] }[],
 *   generationConfig?: { responseMimeType?: string, responseJsonSchema?: unknown,
 *   responseSchema?: unknown } }} GenerateRequest
 */

/**
 * Plays a scripted conversation over `models/<model>:generateContent` and
 * `:streamGenerateContent` (server-sent events), answers token counts, and records every
 * request. Requests that ask for JSON (Gemini CLI's routing and other side requests, with a
 * response schema) get the simplest value that fits the schema; the others get `turns[N]`,
 * N being the model turns already in the request (the last one again beyond the end).
 * @param {{ turns: ModelTurn[] }} script
 */
export async function startGeminiStandIn(script) {
  const server = await startStandIn((req, res) => {
    const path = req.url.split('?')[0];
    if (req.method === 'POST' && path.endsWith(':countTokens')) {
      return json(res, 200, { totalTokens: 100 });
    }
    const stream = path.endsWith(':streamGenerateContent');
    if (req.method !== 'POST' || !(stream || path.endsWith(':generateContent'))) {
      return json(res, 404, { error: { code: 404, message: `no such endpoint: ${path}` } });
    }
    const body = /** @type {GenerateRequest} */ (req.body);
    const config = body.generationConfig ?? {};
    const n = body.contents.filter((c) => c.role === 'model').length;
    const turn = script.turns[Math.min(n, script.turns.length - 1)];
    const part =
      config.responseMimeType === 'application/json'
        ? { text: JSON.stringify(fitting(config.responseJsonSchema ?? config.responseSchema)) }
        : 'tool' in turn
          ? { functionCall: { name: turn.tool, args: turn.input } }
          : { text: turn.text };
    const reply = {
      candidates: [{ content: { role: 'model', parts: [part] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 10, totalTokenCount: 110 },
    };
    if (stream) return sse(res, [{ data: reply }]);
    return json(res, 200, reply);
  });
  return {
    ...server,
    /** The main conversation's requests (those not asking for JSON), parsed. */
    conversation: () =>
      server.requests
        .map((request) => ({ request, body: /** @type {GenerateRequest} */ (request.body) }))
        .filter(
          (r) =>
            r.body?.contents && r.body.generationConfig?.responseMimeType !== 'application/json',
        ),
  };
}

/** The simplest value that fits a JSON schema (Gemini's upper-case types or standard ones). */
function fitting(schema) {
  const s =
    /** @type {{ type?: string, properties?: Record<string, unknown>, enum?: unknown[] }} */ (
      schema ?? {}
    );
  if (s.enum?.length) return s.enum[0];
  switch (String(s.type ?? '').toUpperCase()) {
    case 'OBJECT':
      return Object.fromEntries(
        Object.entries(s.properties ?? {}).map(([k, v]) => [k, fitting(v)]),
      );
    case 'ARRAY':
      return [];
    case 'INTEGER':
    case 'NUMBER':
      return 1;
    case 'BOOLEAN':
      return false;
    default:
      return 'stand-in';
  }
}

/**
 * The text of a request as the model reads it: every content's role and text parts.
 * @param {GenerateRequest} body
 */
export function geminiText(body) {
  return body.contents
    .map(
      (c) => `${c.role ?? 'user'}: ${c.parts.map((p) => p.text ?? JSON.stringify(p)).join('\n')}`,
    )
    .join('\n');
}
