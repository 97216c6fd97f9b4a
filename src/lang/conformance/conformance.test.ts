// The Go engine's own test cases (pipeline-go, platypus, dateparse), ported as data and run
// through the library: each passes, or deviations.json says why it deliberately differs
// ("deliberate: …") or which later change fixes it ("not yet: …").

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Harness } from './harness';
import { loadSources, runCase } from './runner';
import { Tally, readmeLine, tally } from './summary';

const deviations = JSON.parse(fs.readFileSync(path.join(__dirname, 'deviations.json'), 'utf8')) as Record<string, Record<string, string>>;
const sources = loadSources();

/** Per source file: cases not listed pass, listed ones fail (both asserted below). */
function measured(): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const [key, file] of sources) for (const c of file.cases) tally(out, key, file.subject, deviations[key]?.[c.id]);
  return out;
}

describe('conformance with the upstream Go test suites', () => {
  const harness = new Harness();
  before(() => harness.start(sources.values()));
  after(() => harness.close());

  for (const [key, file] of sources) {
    describe(`${key} (${file.subject})`, () => {
      const listed = deviations[key] ?? {};
      for (const c of file.cases) {
        it(c.id, () => {
          const mismatches = runCase(file, c, harness);
          const reason = listed[c.id];
          if (reason === undefined) {
            assert.deepEqual(mismatches, [], `${key} ${c.id} differs from Go; fix it or list it in deviations.json`);
          } else {
            assert.notDeepEqual(mismatches, [], `${key} ${c.id} passes now: remove it from deviations.json`);
          }
        });
      }
    });
  }

  it('deviations.json names only existing cases, each with a kind of reason', () => {
    const problems: string[] = [];
    for (const [key, cases] of Object.entries(deviations)) {
      const file = sources.get(key);
      for (const [id, reason] of Object.entries(cases)) {
        if (!file?.cases.some((c) => c.id === id)) problems.push(`${key} ${id}: no such case`);
        if (!/^(deliberate|not yet): \S/.test(reason)) problems.push(`${key} ${id}: reason must start with "deliberate: " or "not yet: "`);
        if (/[\r\n]/.test(reason)) problems.push(`${key} ${id}: the reason must be one line`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('every case id is unique within its file', () => {
    for (const [key, file] of sources) {
      const ids = file.cases.map((c) => c.id);
      assert.equal(new Set(ids).size, ids.length, key);
    }
  });

  after(function () {
    const outcomes = measured();
    const rows = [...outcomes].map(([key, t]) => `  ${key.padEnd(42)} ${String(t.pass).padStart(4)} pass ${String(t.deliberate).padStart(3)} deliberate ${String(t.notYet).padStart(3)} not yet`);
    console.log(`\n  conformance per source file:\n${rows.join('\n')}\n  ${readmeLine(outcomes)}\n`);
  });
});

describe('README conformance line', () => {
  it('states the counts this suite measures (update README.md when they change)', () => {
    const expected = measured();
    const readme = fs.readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
    assert.ok(readme.includes(readmeLine(expected)), `README.md should contain:\n${readmeLine(expected)}`);
  });
});
