import { deriveHook } from './hook.js';
import type { Deriver } from './types.js';

export type { Deriver } from './types.js';

/** Every deriver, run on every span. */
export const DERIVERS: readonly Deriver[] = [deriveHook];
