import * as assert from 'node:assert/strict';
import { compileScript, formatDiagnostics, RunResult } from '../index';
import { toDisplayJson } from '../value';

// Names such as "constructor" or "__proto__" come from scripts and from log lines.
// Lookup tables must not resolve them through Object.prototype.

const NOW = BigInt(Date.UTC(2024, 2, 1, 12, 0, 0)) * 1000000n;
const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'];

function run(src: string, message = ''): RunResult {
  const { script, diagnostics } = compileScript(src, { name: 't.p', timezone: 'UTC', now: () => NOW });
  assert.ok(script, formatDiagnostics(diagnostics, src));
  return script.run({ message, timeNs: 1n });
}

/** Every field must be a script value that displays as JSON. */
function display(r: RunResult): string {
  return toDisplayJson(new Map(Object.entries(r.fields)));
}

describe('built-ins: Object.prototype names are ordinary names', () => {
  for (const name of PROTO_NAMES) {
    it(`user_agent on "Windows NT ${name}"`, () => {
      const r = run('user_agent(_)', `Mozilla/5.0 (Windows NT ${name}; Win64)`);
      assert.equal(r.error, undefined);
      assert.equal(r.fields.os, `Windows NT ${name}`);
      display(r);
    });

    it(`timestamp("${name}") means ns`, () => {
      const r = run(`add_key(t, timestamp("${name}"))`);
      assert.equal(r.fields.t, NOW);
    });

    it(`datetime precision "${name}" means ns and fmt "${name}" is a strftime text`, () => {
      const r = run(`add_key(t, 1000000000)\ndatetime(t, "${name}", "RFC3339")\nadd_key(u, 1)\ndatetime(u, "s", "${name}")`);
      assert.equal(r.error, undefined);
      assert.equal(r.fields.t, '1970-01-01T00:00:01Z');
      assert.equal(r.fields.u, name);
    });

    it(`duration_precision rejects "${name}" at check time`, () => {
      const { script, diagnostics } = compileScript(`add_key(d, 1)\nduration_precision(d, "${name}", "ns")`, { name: 't.p' });
      assert.equal(script, undefined);
      assert.match(diagnostics[0].message, /precision must be/);
    });

    it(`decode with encoding "${name}" is an unknown encoding: at check time as a literal, at run time from a key`, () => {
      const { script, diagnostics } = compileScript(`decode(_, "${name}")`, { name: 't.p' });
      assert.equal(script, undefined);
      assert.match(diagnostics[0].message, /unknown text encoding/);
      const r = run(`add_key(e, "${name}")\ndecode(_, e)`, 'abc');
      assert.match(r.error ?? '', /decode: unknown text encoding/);
    });
  }
});
