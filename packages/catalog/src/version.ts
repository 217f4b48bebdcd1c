/**
 * hookscope's version: one place for it. Spans carry it (`telemetry.sdk.version`), the collector
 * reports it, `hookscope --version` prints it, the compose stack tags the collector image with it.
 * A test checks it against every package.json.
 */
export const HOOKSCOPE_VERSION = '0.1.0';
