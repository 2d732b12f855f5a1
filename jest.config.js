/** Jest: TypeScript through ts-jest; the Temporal servers are shared, so suites run serially (--runInBand). */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': 'ts-jest' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 120_000,
};
