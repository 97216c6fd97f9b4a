'use strict';
// Spec output for people, plus the run's real counts in a file for .ci/run's closing line.
const fs = require('node:fs');
const Mocha = require('mocha');

class CiReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const out = process.env.CI_RESULTS_FILE || 'ci-results.json';
    runner.once('end', () => {
      const s = this.stats;
      fs.writeFileSync(out, JSON.stringify({ passes: s.passes, failures: s.failures, pending: s.pending, tests: s.tests }));
    });
  }
}

module.exports = CiReporter;
