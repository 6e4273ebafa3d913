// Shared jest settings: swc compiles TypeScript (decorators and their metadata
// included) so tests start fast on two cores; @baton/dsl resolves to source.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', {
      jsc: {
        parser: { syntax: 'typescript', decorators: true, tsx: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    }],
  },
  moduleNameMapper: { '^@baton/dsl$': path.join(__dirname, 'packages/dsl/src/index.ts') },
  // jest's default is one worker less than the cores: one worker on CI's two
  maxWorkers: 2,
  testMatch: ['**/*.spec.ts', '**/*.spec.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  reporters: ['default', path.join(__dirname, 'scripts/jest-results-reporter.cjs')],
};
