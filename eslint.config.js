import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Value imports of these built-ins cost every hook process an ES module facade (fs's loads the
// streams stack); hook-path code uses nodeBuiltin() from @hookscope/runtime instead.
const HOOK_PATH_BUILTINS = ['fs', 'os', 'path', 'async_hooks', 'module'].flatMap((m) =>
  [m, `node:${m}`].map((name) => ({
    name,
    message: 'On the hook path: nodeBuiltin() from @hookscope/runtime (node-builtins.ts says why).',
    allowTypeImports: true,
  })),
);

// A package is used through what its package.json declares (its `exports`, or `main`), never
// through the files its build happens to write: those move without notice.
const NO_BUILT_FILES = [
  {
    group: ['**/dist', '**/dist/**'],
    message: 'Import the package by name (what its package.json declares), not its built files.',
  },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: NO_BUILT_FILES }],
    },
  },
  {
    // The hook's path: the telemetry library follows the OpenTelemetry API's global contract
    // (src/otel-globals.ts) instead of loading the API, to keep hook start-up cheap.
    files: ['packages/telemetry/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@opentelemetry/api',
              message: 'Use ./otel-globals.js; only type imports of @opentelemetry/api here.',
              allowTypeImports: true,
            },
            ...HOOK_PATH_BUILTINS,
          ],
          patterns: NO_BUILT_FILES,
        },
      ],
    },
  },
  {
    // Bundled into the telemetry library and `hookscope exec`: the catalog and the runtime.
    files: ['packages/catalog/src/**/*.ts', 'packages/runtime/src/**/*.ts'],
    ignores: ['packages/runtime/src/node-builtins.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@opentelemetry/api',
              message: 'Only type imports of @opentelemetry/api on the hook path.',
              allowTypeImports: true,
            },
            ...HOOK_PATH_BUILTINS,
          ],
          patterns: NO_BUILT_FILES,
        },
      ],
    },
  },
);
