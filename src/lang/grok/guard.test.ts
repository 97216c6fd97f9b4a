import assert from 'node:assert/strict';
import { compileScript } from '../script';
import { goReplaceAll } from '../builtins/replace';
import { beginLine, endLine, GuardedRegExp } from './guard';
import { matchWorkersIdle } from './worker';

/** After a match was cut off, the worker that takes over may still be starting: wait for it. */
async function workersIdle(): Promise<void> {
  const deadline = Date.now() + 20000;
  while (!matchWorkersIdle()) {
    if (Date.now() > deadline) throw new Error('the match workers did not become idle');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Runs `f` as one line with a budget so generous that only the outcome, not the speed, is tested. */
function generously<T>(f: () => T): T {
  beginLine(20000);
  try {
    return f();
  } finally {
    assert.equal(endLine(), 0, 'no match failed the budget');
  }
}

const ms = (t0: number) => Math.round(performance.now() - t0);

describe('grok/regex time budget', () => {
  beforeEach(workersIdle);

  describe('GuardedRegExp matches as RegExp does, inline and under the deadline alike', () => {
    const short = 'id=7 user=ann id=42 user=bob';
    // Far over the inline bound: these run in the worker.
    const long = ' '.repeat(50000) + short;
    for (const [what, input] of [['inline', short], ['in the worker', long]] as const) {
      it(`exec, test, split, replace and global lastIndex (${what})`, () => {
        const src = 'id=(\\d+) user=(\\w+)';
        const [g, r] = [new GuardedRegExp(src), new RegExp(src)];
        generously(() => {
          assert.deepEqual({ ...g.exec(input)! }, { ...r.exec(input)! });
          assert.equal(g.exec(input)!.index, r.exec(input)!.index);
          assert.equal(g.test(input), true);
          assert.equal(new GuardedRegExp('nope').test(input), false);
          assert.deepEqual(input.split(new GuardedRegExp(' +')), input.split(/ +/));
          const [gg, rg] = [new GuardedRegExp(src, 'g'), new RegExp(src, 'g')];
          assert.equal(goReplaceAll(gg, input, (m) => `${m[2]}#${m[1]}`), goReplaceAll(rg, input, (m) => `${m[2]}#${m[1]}`));
          assert.equal(input.replace(gg, '<$2>'), input.replace(rg, '<$2>'));
        });
      });
    }
  });

  describe('hostile lines (issue repros) stop at the budget: the match fails, the rest of the script runs, the line is counted', () => {
    const repros: [string, string, string, string][] = [
      ['%{HOSTPORT:hp}', '1.'.repeat(30000) + ':x', 'hp', 'db.example.com:5432'],
      ['%{EMAILADDRESS:email}', 'a'.repeat(60000) + '@:.', 'email', 'ann@example.com'],
    ];
    for (const [pattern, line, key, value] of repros) {
      it(`${pattern} on ${line.length} hostile characters`, () => {
        const source = `ok = grok(_, ${JSON.stringify(pattern)})\nadd_key(after, ok)`;
        const script = compileScript(source, { name: 'hostile.p' }).script!;
        const t0 = performance.now();
        const r = script.run({ message: line });
        const took = ms(t0);
        console.log(`      (${pattern}: ${took} ms for the line; 5,400-5,600 ms before the budget)`);
        assert.equal(r.budgetExceeded, 1);
        assert.equal(r.fields.after, false, 'the hostile match failed and the script went on');
        assert.ok(!(key in r.fields));
        assert.equal(r.fields.message, line, 'the line is forwarded as the script left it');
        assert.ok(took < 2000, `${took} ms is not the seconds of quadratic backtracking`);
        // The next (ordinary) line is processed in full.
        const normal = script.run({ message: 'connect db.example.com:5432 as ann@example.com' });
        assert.equal(normal.budgetExceeded, undefined);
        assert.equal(normal.fields.after, true);
        assert.equal(normal.fields[key], value);
      });
    }

    it('once a line has spent its budget, its other slow matches fail at once', () => {
      const script = compileScript('grok(_, "%{HOSTPORT:a}")\ngrok(_, "%{HOSTPORT:b}")\ngrok(_, "%{EMAILADDRESS:c}")', { name: 'three.p', matchBudgetMs: 50 }).script!;
      const t0 = performance.now();
      const r = script.run({ message: '1.'.repeat(30000) + ':x a@:.' });
      const took = ms(t0);
      assert.equal(r.budgetExceeded, 3);
      assert.ok(took < 2000, `${took} ms`);
    });
  });

  it('an exponential user pattern on a short line is cut short inline (V8 switches it to its linear engine)', () => {
    const script = compileScript('add_key(m, match("^(a+)+b$", _))', { name: 'exp.p' }).script!;
    const t0 = performance.now();
    const r = script.run({ message: 'a'.repeat(40) + 'cb' });
    assert.equal(r.fields.m, false);
    assert.ok(ms(t0) < 2000, `${ms(t0)} ms (unguarded: longer than the universe)`);
  });
});
