/**
 * One Jest run over every package. Workspace imports resolve to TypeScript sources (no build needed
 * between edit and test); ts-jest only transpiles (type checking is `npm run build`'s job), which keeps
 * the suite fast. Global setup finds or starts Postgres, Redis and NATS once per run.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libraries', '<rootDir>/services', '<rootDir>/scripts', '<rootDir>/tests'],
  testMatch: ['**/test/**/*.test.ts', '**/src/**/*.test.ts', '<rootDir>/tests/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
  },
  moduleNameMapper: {
    '^@omotenashi/proto$': '<rootDir>/proto/index.ts',
    '^@omotenashi/(config|logging|errors|metrics|grpc|db|cache|events|jobs|infra|testkit|runtime)$': '<rootDir>/libraries/$1/src/index.ts',
  },
  globalSetup: '<rootDir>/scripts/jest-global-setup.js',
  globalTeardown: '<rootDir>/scripts/jest-global-teardown.js',
  testTimeout: 60_000,
  maxWorkers: 2,
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
};
