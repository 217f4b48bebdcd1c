/** Package version, written into spans as `telemetry.sdk.version`. */
export const VERSION = '0.1.0';
