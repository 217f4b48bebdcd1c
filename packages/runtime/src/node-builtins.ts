import { createRequire } from 'node:module';

/**
 * Node's built-in modules for code that runs in every hook process (the telemetry library and
 * what it bundles). `import { openSync } from 'node:fs'` in an ES module makes Node build a
 * module facade that reads every export, and reading fs's stream getters loads the whole
 * streams stack: with os, path and async_hooks, about 9 M instructions (~2.5 ms) per hook
 * process. `process.getBuiltinModule` (Node >= 20.16) returns the module as `require` does;
 * older Node falls back to `require`. Type-only imports of the modules stay as they are.
 */
export const nodeBuiltin: typeof process.getBuiltinModule =
  typeof process.getBuiltinModule === 'function'
    ? (id: string) => process.getBuiltinModule(id)
    : (createRequire('/') as typeof process.getBuiltinModule);
