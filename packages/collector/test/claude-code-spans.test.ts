// Claude Code's own spans (traces beta) carry GenAI attributes, but its events already feed the
// conversation and agent metrics: its spans must not count the same requests a second time.
import { describe, expect, it } from 'vitest';
import { AGENT_DURATION_SECONDS, CONVERSATION_TURNS } from '@hookscope/catalog';
import { derive } from './derive.js';

describe("Claude Code's spans", () => {
  it('feed no metric, while the same spans from another SDK do', () => {
    const spans = (prefix: string) => [
      {
        name: `${prefix}interaction`,
        seconds: 3,
        attributes: { 'gen_ai.operation.name': 'invoke_agent', 'span.type': 'interaction' },
      },
      {
        name: `${prefix}llm_request`,
        seconds: 0.4,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': 'claude-opus-5-5',
          'gen_ai.usage.input_tokens': 120,
        },
      },
    ];
    const claude = derive(spans('claude_code.'));
    expect(
      claude.valueOf(CONVERSATION_TURNS, {
        process_type: 'unknown',
        model: 'claude-opus-5-5',
        outcome: 'success',
      }),
    ).toBeUndefined();
    expect(claude.metricData().flatMap((m) => m.dataPoints)).toHaveLength(0);
    const other = derive(spans('other.'));
    expect(
      other.valueOf(CONVERSATION_TURNS, {
        process_type: 'unknown',
        model: 'claude-opus-5-5',
        outcome: 'success',
      }),
    ).toBe(1);
    const agents = other
      .metricData()
      .find((m) => m.descriptor.name === AGENT_DURATION_SECONDS.name);
    expect(agents?.dataPoints).toHaveLength(1);
  });
});
