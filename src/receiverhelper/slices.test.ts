import assert from 'node:assert/strict';
import { runSliced, runToEnd, type Steps } from './slices';

/** Busy work in `n` steps of ~`ms` each, recording when each step ran. */
function* busy(n: number, ms: number, log: string[], name: string): Steps<string> {
  for (let i = 0; i < n; i++) {
    const until = performance.now() + ms;
    while (performance.now() < until);
    log.push(`${name}${i}`);
    yield;
  }
  return name;
}

describe('decoding in slices', () => {
  it('runToEnd runs every step at once', () => {
    const log: string[] = [];
    assert.equal(runToEnd(busy(3, 0, log, 'a')), 'a');
    assert.deepEqual(log, ['a0', 'a1', 'a2']);
  });

  it('work that fits one slice finishes without giving up the event loop', async () => {
    const log: string[] = [];
    let timerRan = false;
    setImmediate(() => (timerRan = true));
    assert.equal(await runSliced(busy(3, 0, log, 'a')), 'a');
    assert.equal(timerRan, false);
  });

  it('long work lets other callbacks run between slices, and long works take turns', async () => {
    const log: string[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const [a, b] = await Promise.all([runSliced(busy(8, 5, log, 'a')), runSliced(busy(8, 5, log, 'b'))]);
    clearInterval(timer);
    assert.deepEqual([a, b], ['a', 'b']);
    assert.ok(ticks > 0, 'the timer ran while the work was in progress');
    // Each runs one slice at once; then the first to wait for the lane finishes before the second resumes.
    const runs = log.map((x) => x[0]).join('').replace(/(.)\1+/g, '$1');
    assert.equal(runs, 'abab', log.join(' '));
  });

  it('a check that throws when the work resumes abandons it', async () => {
    const log: string[] = [];
    await assert.rejects(
      runSliced(busy(20, 5, log, 'a'), () => {
        throw new Error('memory');
      }),
      /memory/,
    );
    assert.ok(log.length < 20);
  });
});
