export { configSchema, BASE_RATE_WINDOW, SCRAPES_PER_RATE_WINDOW } from './schema.js';
export type { HookscopeConfig, HookscopeConfigInput } from './schema.js';
export {
  CONFIG_ENV,
  CONFIG_FILE_NAME,
  defaultConfig,
  findConfigFile,
  loadConfig,
  parseConfig,
  readConfigFile,
  resolveConfigPath,
} from './load.js';
export type { LoadedConfig, LoadOptions } from './load.js';
export { ConfigError, formatIssues } from './issues.js';
export type { ConfigIssue } from './issues.js';
export { configJsonSchema } from './json-schema.js';
export { renderConfigSchema, renderDefaultConfig, SCHEMA_FILE_NAME } from './render-defaults.js';
export { durationSeconds, formatDuration, DURATION_PATTERN } from './durations.js';
export { ADDRESS_PATTERN, isLoopback, splitAddress } from './address.js';
export { ALERT_TIERS, NO_RECEIVER, WEEKDAYS, receiverSecretFiles } from './alertmanager-schema.js';
export type { AlertTier, QuietInterval } from './alertmanager-schema.js';
export { CRITICAL_FOR_KEYS, criticalNotificationWait } from './critical-notification.js';
export { IDENTITY_LABELS, remoteWriteSecretFiles } from './remote-write-schema.js';
export type { RemoteWriteSection } from './remote-write-schema.js';
