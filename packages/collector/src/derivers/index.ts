import { deriveHook } from './hook.js';
import { deriveAgent } from './agent.js';
import { deriveValidation } from './validation.js';
import { deriveTesting } from './test-selection.js';
import { deriveCache } from './cache.js';
import { deriveConversation } from './conversation.js';
import { deriveHookResources } from './hook-resources.js';
import { deriveOverhead } from './overhead.js';
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
];
