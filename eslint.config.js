import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Value imports of these built-ins cost every hook process an ES module facade (fs's loads the
// streams stack); hook-path code uses nodeBuiltin() from @hookscope/catalog instead.
const HOOK_PATH_BUILTINS = ['fs', 'os', 'path', 'async_hooks', 'module'].flatMap((m) =>
  [m, `node:${m}`].map((name) => ({
    name,
    message: 'On the hook path: nodeBuiltin() from @hookscope/catalog (node-builtins.ts says why).',
    allowTypeImports: true,
  })),
);

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
        },
      ],
    },
  },
  {
    // Bundled into the telemetry library (the catalog is the one module every package shares).
    files: ['packages/catalog/src/**/*.ts'],
    ignores: ['packages/catalog/src/node-builtins.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: HOOK_PATH_BUILTINS }],
    },
  },
);
