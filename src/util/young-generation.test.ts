/** The young generation stays at its starting size under a modest load and grows back under a heavy one (in child processes: V8 flags are process-wide). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { growthFactor, SATURATED_GROWTH, youngGenerationSizedByUser } from './young-generation';

const BUILT = path.resolve(__dirname, '../../dist/src/util/young-generation.js');

/**
 * Runs a child that keeps objects alive across scavenges (a window of recent ones, as a batch does)
 * and prints its new space's size in MiB; `keep` applies keepYoungGenerationSmall first, and
 * `waitMs` lets time pass before the load (the watch starts after startup).
 */
function newSpaceMiB(keep: boolean, waitMs: number, rounds: number, nodeArgs: string[] = []): number {
  const src = `
    ${keep ? `require(${JSON.stringify(BUILT)}).keepYoungGenerationSmall();` : ''}
    const v8 = require('node:v8');
    const load = (n) => { let window = []; for (let i = 0; i < n; i++) { window.push({ i, s: 'x' + i }); if (window.length > 40000) window = window.slice(20000); } };
    const size = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576;
    setTimeout(() => {
      let r = 0;
      const step = () => { load(200000); if (++r < ${rounds} && size() <= 2) setTimeout(step, 0); else console.log(size()); };
      step();
    }, ${waitMs});`;
  const r = spawnSync(process.execPath, [...nodeArgs, '-e', src], { encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout.trim());
}

/**
 * A child past the startup settling time doing CPU work (20 ms a turn) that allocates a little,
 * with `idleMs` between turns, for `forMs`; prints its new space's size in MiB.
 */
function busyNewSpaceMiB(idleMs: number, forMs = 4000): number {
  const src = `
    require(${JSON.stringify(BUILT)}).keepYoungGenerationSmall();
    const v8 = require('node:v8');
    const size = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576;
    let window = [];
    setTimeout(() => {
      const end = Date.now() + ${forMs};
      const turn = () => {
        const until = Date.now() + 20;
        let x = 0;
        while (Date.now() < until) {
          for (let i = 0; i < 2000; i++) x += Math.sqrt(i);
          globalThis.garbage = new Array(64).fill(x);
          if ((x | 0) % 4 === 0) window.push({ x });
        }
        if (window.length > 4000) window = window.slice(2000);
        if (Date.now() < end) setTimeout(turn, ${idleMs}); else console.log(size());
      };
      turn();
    }, 3100);`;
  const r = spawnSync(process.execPath, ['-e', src], { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout.trim());
}

describe('young generation', () => {
  it('stays at its starting size (2 MiB) where V8 alone would grow it', function () {
    this.timeout(120000);
    assert.ok(newSpaceMiB(false, 0, 1) > 2, 'the load grows the young generation without the setting');
    assert.equal(newSpaceMiB(true, 0, 1), 2);
  });

  it('grows again once scavenging takes more than its share of the time', function () {
    this.timeout(120000);
    // Past the startup settling time, rounds of allocation without a pause: scavenging is most of the time.
    assert.ok(newSpaceMiB(true, 3500, 400) > 2);
  });

  it('grows under a saturated event loop even where scavenging is cheap, not under a light one', function () {
    this.timeout(120000);
    assert.ok(busyNewSpaceMiB(0) > 2, 'a loop busy all the time');
    assert.equal(busyNewSpaceMiB(200), 2, 'a loop idle most of the time, same work');
  });

  it('grows to its largest size at once under a saturated event loop (one window, not a doubling a window)', function () {
    this.timeout(120000);
    // V8's largest by default: 16 MiB semi-spaces, 32 MiB of new space. A doubling a window would
    // be at 4-8 MiB after these 3.5 s; the first window's growth reaches 32 MiB at once.
    assert.equal(busyNewSpaceMiB(0, 3500), 32);
  });

  it('leaves a young generation sized on the command line or in NODE_OPTIONS as asked', function () {
    this.timeout(120000);
    assert.ok(newSpaceMiB(true, 0, 1, ['--max-semi-space-size=8']) > 2);
    assert.equal(youngGenerationSizedByUser([], '--max-old-space-size=100 --max_semi_space_size=4'), true);
    assert.equal(youngGenerationSizedByUser(['--semi-space-growth-factor=3'], undefined), true);
    assert.equal(youngGenerationSizedByUser(['--max-old-space-size=100'], ''), false);
  });

  it('doubles above 4 % of a window spent scavenging, and grows to its largest in any window of a saturated event loop', () => {
    assert.equal(growthFactor(10, 1000), 1);
    assert.equal(growthFactor(50, 1000), 2);
    assert.equal(growthFactor(5, 0), 1);
    assert.equal(growthFactor(10, 1000, 0.5), 1);
    assert.equal(growthFactor(10, 1000, 0.95), SATURATED_GROWTH);
    assert.equal(growthFactor(50, 1000, 0.95), SATURATED_GROWTH);
  });
});
