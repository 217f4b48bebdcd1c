import { deriveHook } from './hook.js';
import { deriveAgent } from './agent.js';
import { deriveValidation } from './validation.js';
import { deriveTesting } from './test-selection.js';
import { deriveCache } from './cache.js';
import { deriveConversation } from './conversation.js';
import { deriveHookResources } from './hook-resources.js';
import { deriveOverhead } from './overhead.js';
import { deriveCopilotSpan } from './agent-telemetry.js';
import { isClaudeCodeSpan } from './claude-code-spans.js';
import type { MetricStore } from '../metric-store.js';
import type { IngestSpan } from '../otlp-json-decode.js';
import type { Deriver } from './types.js';

export type { Deriver } from './types.js';

/** Every deriver, run on every span. */
export const DERIVERS: readonly Deriver[] = [
  deriveHook,
  deriveHookResources,
  deriveAgent,
  deriveValidation,
  deriveTesting,
  deriveCache,
  deriveConversation,
  deriveOverhead,
  deriveCopilotSpan,
];

/** Runs every deriver on a span, except on Claude Code's own spans (its events count them). */
export function deriveSpan(span: IngestSpan, store: MetricStore): void {
  if (isClaudeCodeSpan(span)) return;
  for (const derive of DERIVERS) derive(span, store);
}
