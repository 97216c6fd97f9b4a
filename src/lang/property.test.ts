import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileScript, INTERNAL_ERROR } from './index';
import { BUILTINS } from './builtins';

// Random scripts and inputs must never make compile or run throw: problems
// surface only as diagnostics or as RunResult.error.

const names = ['a', 'b', '_', 'message', 'status', 'time', 'x', '`q r`'];
const fnNames = [...BUILTINS.keys()];

const literal = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.constantFrom('0', '1.5', '-0.0', '010', '0x1f', '1e3', 'true', 'false', 'nil', 'inf', 'nan', '9223372036854775807'),
  fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('"%{INT:n}"', '"%{WORD:w} %{NUMBER:n:float}"', '"(?i)[a-z]+"', '"s"', '"int"', '"float"', '"bool"', '"str"', '"ms"', '"%Y-%m-%d"', '"+8"', '"UTC"'),
);

const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
  e: fc.oneof(
    { depthSize: 'small' },
    literal,
    fc.constantFrom(...names),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '>=', '&&', '||', 'in'), tie('e')).map(([l, op, r]) => `(${l} ${op} ${r})`),
    fc.tuple(fc.constantFrom('!', '-'), tie('e')).map(([op, e]) => `${op}${e}`),
    fc.array(tie('e'), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
    fc.array(fc.tuple(fc.string({ maxLength: 4 }), tie('e')), { maxLength: 2 }).map((kv) => `{${kv.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ')}}`),
    fc.tuple(tie('e'), tie('e')).map(([o, i]) => `${o}[${i}]`),
    fc.tuple(fc.constantFrom(...fnNames), fc.array(tie('e'), { maxLength: 4 })).map(([f, args]) => `${f}(${args.join(', ')})`),
  ),
})).e;

const stmt: fc.Arbitrary<string> = fc.letrec((tie) => ({
  s: fc.oneof(
    { depthSize: 'small' },
    expr,
    fc.tuple(fc.constantFrom('a', 'b', 'x'), fc.constantFrom('=', '+=', '-='), expr).map(([n, op, e]) => `${n} ${op} ${e}`),
    fc.tuple(expr, fc.array(tie('s'), { maxLength: 3 })).map(([c, body]) => `if ${c} {\n${body.join('\n')}\n}`),
    fc.tuple(expr, fc.array(tie('s'), { maxLength: 3 })).map(([c, body]) => `for v in ${c} {\n${body.join('\n')}\nbreak\n}`),
  ),
})).s;

const script = fc.array(stmt, { minLength: 1, maxLength: 6 }).map((xs) => xs.join('\n'));

describe('property: compile and run never throw', () => {
  it('random well-formed-ish scripts on random lines', () => {
    fc.assert(
      fc.property(script, fc.string({ maxLength: 40 }), (src, line) => {
        const { script: s, diagnostics } = compileScript(src, { name: 'p.p', timezone: 'UTC' });
        if (!s) {
          assert.ok(diagnostics.length > 0);
          return;
        }
        const r = s.run({ message: line, tags: { host: 'h' } });
        assert.equal(typeof r.dropped, 'boolean');
        assert.ok(!r.error?.includes(INTERNAL_ERROR), r.error);
      }),
      { numRuns: 400 },
    );
  });

  it('arbitrary text as a script only produces diagnostics', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60, unit: fc.constantFrom(...'ab_1 .,;:()[]{}"\'`#\n\\=+-*/%!<>&|'.split('')) }), (src) => {
        const { script: s, diagnostics } = compileScript(src, { name: 'p.p' });
        if (s) assert.ok(!s.run({ message: 'm' }).error?.includes(INTERNAL_ERROR));
        else assert.ok(diagnostics.every((d) => d.line >= 1 && d.col >= 1));
      }),
      { numRuns: 500 },
    );
  });

  it('random regexes are either rejected with a diagnostic or compiled', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 14, unit: fc.constantFrom(...'ab.*+?|()[]{}^$\\dswPQEx0123:<>=!,-'.split('')) }), (re) => {
        const src = `grok(_, ${JSON.stringify(re).replace(/\\\\/g, '\\\\')})\nreplace(_, ${JSON.stringify(re)}, "z")`;
        const { script: s } = compileScript(src, { name: 'r.p' });
        if (s) assert.ok(!s.run({ message: 'ab a1 {x}' }).error?.includes(INTERNAL_ERROR));
      }),
      { numRuns: 500 },
    );
  });
});

describe('property: hostile lines cannot stall grok beyond the guard', () => {
  const seed = 'grok(_, "%{TIMESTAMP_ISO8601:time}%{SPACE}%{WORD:level}%{SPACE}%{NOTSPACE}%{SPACE}%{NOTSPACE}%{SPACE}\\\\[%{GREEDYDATA:trace}\\\\]%{SPACE}-%{SPACE}%{GREEDYDATA:message}")\n'
    + 'grok(trace,"%{EMAILLOCALPART}=%{EMAILLOCALPART:service}?%{SPACE}%{EMAILLOCALPART}=%{EMAILLOCALPART:env}?%{SPACE}%{EMAILLOCALPART}=%{EMAILLOCALPART:version}?%{SPACE}%{EMAILLOCALPART}=%{NUMBER:trace_id}?%{SPACE}%{EMAILLOCALPART}=%{NUMBER:span_id}?")\n'
    + 'grok(_, "^(a+)+b$")';
  const compiled = compileScript(seed, { name: 'seed.p', timezone: 'UTC' }).script!;

  it('random repetitive lines of a few thousand characters each finish quickly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', '=', ' ', '[', ']', '-', '1', '.', 'dd.x=', '2021-06-18 10:07:08 '), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 200, max: 3000 }),
        (unit, reps) => {
          const line = '2021-06-18 10:07:08,786 INFO [m] [f] [' + unit.join('').repeat(reps).slice(0, 8000) + '] - x';
          const t0 = process.hrtime.bigint();
          compiled.run({ message: line });
          // Passes the literal pre-check (contains "b"), so the regex engine itself must cope.
          compiled.run({ message: 'a'.repeat(line.length % 5000) + 'cb' });
          const ms = Number(process.hrtime.bigint() - t0) / 1e6;
          // Unguarded, ^(a+)+b$ alone would take longer than the universe on these lines.
          assert.ok(ms < 400, `took ${ms} ms`);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('property: the linear-time fallback gives the same captures as backtracking', () => {
  // The guard switches a match to V8's automaton engine after many backtracks.
  // Force that switch almost immediately and compare with a run that never
  // switches: captures must be identical, or the guard would change results.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const v8 = require('node:v8') as typeof import('node:v8');
  const patterns = [
    '%{EMAILLOCALPART}=%{EMAILLOCALPART:service}?%{SPACE}%{EMAILLOCALPART}=%{EMAILLOCALPART:env}?%{SPACE}%{EMAILLOCALPART}=%{NUMBER:id}?',
    '%{NOTSPACE:a}%{SPACE}%{NOTSPACE:b} \\[%{GREEDYDATA:c}\\] %{DATA:d}-%{GREEDYDATA:e}',
    '(?:%{WORD:x}|%{INT:x})+ %{IPORHOST:h}?',
    '%{QUOTEDSTRING:q} %{NUMBER:n:float}',
  ];
  const script = patterns.map((p) => `grok(_, ${JSON.stringify(p)})`).join('\n');
  const compiled = compileScript(script, { name: 'diff.p', timezone: 'UTC' }).script!;
  const render = (line: string) => JSON.stringify(compiled.run({ message: line }).fields, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));

  it('random lines', () => {
    try {
      fc.assert(
        fc.property(fc.array(fc.constantFrom('a', 'b', '=', ' ', '[', ']', '-', '1', '.', '"', 'x=1 ', '10.0.0.1', '\\'), { maxLength: 40 }), (parts) => {
          const line = parts.join('');
          v8.setFlagsFromString('--regexp-backtracks-before-fallback=1000000000');
          const slow = render(line);
          v8.setFlagsFromString('--regexp-backtracks-before-fallback=1');
          const fast = render(line);
          assert.equal(fast, slow);
        }),
        { numRuns: 300 },
      );
    } finally {
      v8.setFlagsFromString('--regexp-backtracks-before-fallback=1000');
    }
  });
});
