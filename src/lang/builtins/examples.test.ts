import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileScript, formatDiagnostics } from '../index';
import { exampleOptions } from './env/testing';
import { toDisplayJson } from '../value';
import { BUILTINS } from './index';

// Fixed clock so now-dependent examples are reproducible: 2024-03-01T00:00:00Z.
const NOW = 1709251200000000000n;

describe('built-in examples run through the real interpreter', () => {
  let scratch: string;
  before(() => { scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-examples-')); });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('every built-in has at least one example and a doc', () => {
    const missing = [...BUILTINS.values()].filter((d) => d.examples.length === 0).map((d) => d.name);
    assert.deepEqual(missing, []);
    for (const d of BUILTINS.values()) assert.ok(d.doc.length > 10, `${d.name} has no doc`);
  });
  for (const def of BUILTINS.values()) {
    def.examples.forEach((ex, i) => {
      it(`${def.name} #${i + 1}: ${ex.title}`, () => {
        const opts = exampleOptions(ex.env, scratch);
        const { script, diagnostics } = compileScript(ex.script, { name: `${def.name}.p`, timezone: ex.tz ?? 'UTC', now: () => NOW, ...opts });
        if (ex.env?.checkError) {
          assert.equal(script, undefined, 'the check should fail');
          assert.ok(diagnostics.some((d) => d.message.includes(ex.env?.checkError ?? '')), formatDiagnostics(diagnostics, ex.script));
          return;
        }
        assert.ok(script, formatDiagnostics(diagnostics, ex.script));
        const res = script.run({ message: ex.input });
        if (ex.error) {
          assert.ok(res.error?.includes(ex.error), `expected error containing ${ex.error}, got ${res.error}`);
          return;
        }
        assert.equal(res.error, undefined);
        for (const [k, v] of Object.entries(ex.fields ?? {})) {
          assert.ok(k in res.fields, `field ${k} missing in ${toDisplayJson(new Map(Object.entries(res.fields)))}`);
          assert.equal(toDisplayJson(res.fields[k]), toDisplayJson(v), `field ${k}`);
        }
        for (const [k, v] of Object.entries(ex.tags ?? {})) assert.equal(res.tags[k], v, `tag ${k}`);
        for (const k of ex.absent ?? []) assert.ok(!(k in res.fields), `field ${k} should be absent`);
        if (ex.dropped !== undefined) assert.equal(res.dropped, ex.dropped);
        if (ex.timeNs !== undefined) assert.equal(res.timeNs, ex.timeNs);
      });
    });
  }
});

describe('generated function reference', () => {
  it('docs/pipeline-functions.md is up to date (run `npm run docs`)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { renderDocs } = require('../gen-docs') as { renderDocs(): string };
    const onDisk = fs.readFileSync(path.resolve(__dirname, '../../../docs/pipeline-functions.md'), 'utf8');
    assert.equal(onDisk, renderDocs());
  });
});

describe('built-in registry', () => {
  it('registers every definition file of src/lang/builtins under its own name', () => {
    const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !['index.ts', 'types.ts', 'util.ts', 'define.ts', 'bind.ts'].includes(f));
    const names = files.map((f) => f.replace(/\.ts$/, '')).sort();
    assert.deepEqual(names, [...BUILTINS.keys()].sort());
  });
});
