import {
  ATTR_SERVICE_NAME,
  CLAUDE_CODE_PREFIX,
  CLAUDE_CODE_SERVICE_NAME,
} from '@hookscope/catalog';
import type { IngestSpan } from '../otlp-json-decode.js';

/**
 * Claude Code's own spans (its traces beta: `claude_code.interaction`, `claude_code.llm_request`,
 * `claude_code.tool`, ...). They carry GenAI attributes (`invoke_agent`, `chat`) that the span
 * derivers would take for agent runs and conversation exchanges, but its events already feed
 * those metrics with the same latencies: derived again, each request would count twice. They
 * are kept in the spool (for a trace backend, and as parents of hook spans), not derived.
 */
export function isClaudeCodeSpan(span: IngestSpan): boolean {
  return (
    span.resource[ATTR_SERVICE_NAME] === CLAUDE_CODE_SERVICE_NAME ||
    span.name.startsWith(CLAUDE_CODE_PREFIX)
  );
}
