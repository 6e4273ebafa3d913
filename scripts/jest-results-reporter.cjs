// Writes each jest run's totals to $BATON_RESULTS_DIR/<project>.json so
// `npm test` can print one "N passed, N failed" line for every suite.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class ResultsReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }

  onRunComplete(contexts, results) {
    const dir = process.env.BATON_RESULTS_DIR;
    if (!dir) return;
    const [context] = [...contexts];
    const name = (context && context.config.displayName && context.config.displayName.name) || 'jest';
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.json`), JSON.stringify({
      passed: results.numPassedTests,
      // a suite that could not run has no failed test of its own: count it
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      suites: results.numTotalTestSuites,
    }));
  }
}

module.exports = ResultsReporter;
