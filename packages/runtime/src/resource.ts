import {
  ATTR_HOST_NAME,
  ATTR_PROCESS_PID,
  ATTR_TELEMETRY_SDK_LANGUAGE,
  ATTR_TELEMETRY_SDK_NAME,
  ATTR_TELEMETRY_SDK_VERSION,
  HOOKSCOPE_VERSION,
} from '@hookscope/catalog';
import { nodeBuiltin } from './node-builtins.js';
import type { AttributeValue } from './config.js';

/** Resource attributes every process writing to the spool starts from (env and options add to them). */
export function defaultResource(): Record<string, AttributeValue> {
  return {
    [ATTR_PROCESS_PID]: process.pid,
    [ATTR_HOST_NAME]: nodeBuiltin('node:os').hostname(),
    [ATTR_TELEMETRY_SDK_NAME]: 'hookscope',
    [ATTR_TELEMETRY_SDK_LANGUAGE]: 'nodejs',
    [ATTR_TELEMETRY_SDK_VERSION]: HOOKSCOPE_VERSION,
  };
}
