/** bin/ensure-built.js decides from mtimes alone whether `npm start` must compile first. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Plain JavaScript run by npm before anything is compiled.
const { staleness } = require('../bin/ensure-built.js') as { staleness(root: string): string };

describe('bin/ensure-built.js', () => {
  let root: string;
  const at = (rel: string, secondsAgo: number) => {
    const p = path.join(root, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, '');
    const t = Date.now() / 1000 - secondsAgo;
    utimesSync(p, t, t);
  };
  beforeEach(() => (root = mkdtempSync(path.join(tmpdir(), 'ddob-built-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds when dist/ is missing', () => {
    at('src/main.ts', 100);
    assert.equal(staleness(root), 'dist/ is missing');
  });

  it('does not build when dist/ is newer than every source, tests and test data included', () => {
    at('src/main.ts', 100);
    at('receivers/datadog/receiver.ts', 90);
    at('dist/src/main.js', 50);
    at('receivers/datadog/app.test.ts', 10);
    at('receivers/datadog/testdata/x.ts', 10);
    assert.equal(staleness(root), '');
  });

  it('builds when a source of the code that runs, or tsconfig.json, changed since', () => {
    at('dist/src/main.js', 50);
    at('processors/batch/processor.ts', 10);
    assert.equal(staleness(root), 'sources changed since dist/ was built');
    at('processors/batch/processor.ts', 100);
    at('tsconfig.json', 10);
    assert.equal(staleness(root), 'sources changed since dist/ was built');
  });
});
