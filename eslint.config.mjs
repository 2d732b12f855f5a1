// ESLint (flat config): type-aware promise rules on every TypeScript file, and Temporal's rules for workflow code.
// `npm run lint` runs it; `npm test` runs it before jest.
import tseslint from 'typescript-eslint';

// Node's built-in modules: workflow code runs in Temporal's deterministic sandbox, where they do not exist.
const NODE_BUILTINS = [
  'assert',
  'async_hooks',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'data/**', '.tools/**', 'coverage/**', '.scratch/**', '**/*.js', '**/*.cjs', '**/*.mjs'],
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    // older disable comments name rules of the full recommended set, which this config does not turn on
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Promise.all over a list mixing promises and plain values (a lookup or undefined per row) is fine; a list
      // with no promise at all is still an error
      '@typescript-eslint/await-thenable': ['error', { allowMixedPromiseArrays: true }],
    },
  },
  {
    // Workflow code and the domain it imports: no Node built-ins (Temporal's TypeScript SDK guidance).
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_BUILTINS.map((name) => ({
            name,
            message: 'Workflow code runs in a deterministic sandbox without Node built-ins.',
          })),
          patterns: [{ group: ['node:*'], message: 'Workflow code runs in a deterministic sandbox without Node built-ins.' }],
        },
      ],
    },
  },
  {
    // Workflows: no non-deterministic calls and no real timers; use the workflow's clock, uuid4() and sleep().
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...NODE_BUILTINS.map((name) => ({
              name,
              message: 'Workflow code runs in a deterministic sandbox without Node built-ins.',
            })),
            ...['@temporalio/client', '@temporalio/worker', '@temporalio/activity'].map((name) => ({
              name,
              message: 'Workflows import only @temporalio/workflow and @temporalio/common.',
              allowTypeImports: true,
            })),
          ],
          patterns: [{ group: ['node:*'], message: 'Workflow code runs in a deterministic sandbox without Node built-ins.' }],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Read the time through workflows/clock.ts.' },
        { object: 'Math', property: 'random', message: 'Not deterministic on replay; use uuid4() from @temporalio/workflow.' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() or condition() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() or condition() from @temporalio/workflow.' },
        { name: 'setImmediate', message: 'Use sleep() or condition() from @temporalio/workflow.' },
      ],
    },
  },
);
