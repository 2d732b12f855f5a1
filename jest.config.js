/**
 * Jest: TypeScript through ts-jest, in three tiers (projects):
 * - unit: pure tests of the domain, templates and helpers; no server, no JVM, no child process (`npm run test:unit`);
 * - workflows: workflow tests on the time-skipping test server;
 * - integration: everything that starts servers, processes or browsers (e2e, CLI, mail, stores, test/processes/ …).
 * `npm test` runs all three; the Temporal servers are shared, so suites run serially (--runInBand).
 */
const base = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': 'ts-jest' },
};

module.exports = {
  // A global option: set inside a project, jest ignores it (and a server-starting hook then fails at 5 s).
  testTimeout: 120_000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...base, displayName: 'workflows', testMatch: ['<rootDir>/test/workflows/**/*.test.ts'] },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/', '<rootDir>/test/workflows/'],
    },
  ],
};
