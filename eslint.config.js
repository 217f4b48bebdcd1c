import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
          ],
        },
      ],
    },
  },
);
