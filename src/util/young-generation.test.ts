/** The young generation stays at its starting size under a modest load and grows back under a heavy one (in child processes: V8 flags are process-wide). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { growthFactor, LARGEST_SEMI_SPACE_MIB, youngGenerationSizedByUser } from './young-generation';

const BUILT = path.resolve(__dirname, '../../dist/src/util/young-generation.js');

/**
 * Runs a child that keeps objects alive across scavenges (a window of recent ones, as a batch does)
 * and prints its semi-space size in MiB (V8 starts at 1); `keep` applies keepYoungGenerationSmall first, and
 * `waitMs` lets time pass before the load (the watch starts after startup).
 */
function newSpaceMiB(keep: boolean, waitMs: number, rounds: number, nodeArgs: string[] = []): number {
  const src = `
    ${keep ? `require(${JSON.stringify(BUILT)}).keepYoungGenerationSmall();` : ''}
    const v8 = require('node:v8');
    const load = (n) => { let window = []; for (let i = 0; i < n; i++) { window.push({ i, s: 'x' + i }); if (window.length > 40000) window = window.slice(20000); } };
    const size = () => { const s = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space'); return Math.round((s.space_used_size + s.space_available_size) / 1048576); };
    setTimeout(() => {
      let r = 0;
      const step = () => { load(200000); if (++r < ${rounds} && size() <= 1) setTimeout(step, 0); else console.log(size()); };
      step();
    }, ${waitMs});`;
  const r = spawnSync(process.execPath, [...nodeArgs, '-e', src], { encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout.trim());
}

/**
 * A child past the startup settling time doing CPU work (20 ms a turn, as the bridge's turns are
 * short) that allocates a little, with `idleMs` between turns, for `forMs`; gives the semi-space
 * sizes in MiB it went through, in order.
 */
function busySemiSpaces(idleMs: number, forMs = 4000): number[] {
  const src = `
    require(${JSON.stringify(BUILT)}).keepYoungGenerationSmall();
    const v8 = require('node:v8');
    const size = () => { const s = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space'); return Math.round((s.space_used_size + s.space_available_size) / 1048576); };
    const seen = [size()];
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
        if (size() !== seen[seen.length - 1]) seen.push(size());
        if (Date.now() < end) setTimeout(turn, ${idleMs}); else console.log(JSON.stringify(seen));
      };
      turn();
    }, 3100);`;
  const r = spawnSync(process.execPath, ['-e', src], { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim()) as number[];
}

describe('young generation', () => {
  it('stays at its starting size (1 MiB semi-spaces) where V8 alone would grow it', function () {
    this.timeout(120000);
    assert.ok(newSpaceMiB(false, 0, 1) > 1, 'the load grows the young generation without the setting');
    assert.equal(newSpaceMiB(true, 0, 1), 1);
  });

  it('grows again once scavenging takes more than its share of the time', function () {
    this.timeout(120000);
    // Past the startup settling time, rounds of allocation without a pause: scavenging is most of the time.
    assert.ok(newSpaceMiB(true, 3500, 400) > 1);
  });

  it('grows under a saturated event loop even where scavenging is cheap, not under a light one', function () {
    this.timeout(120000);
    assert.ok(busySemiSpaces(0).length > 1, 'a loop busy all the time');
    assert.deepEqual(busySemiSpaces(200), [1], 'a loop idle most of the time, same work');
  });

  it(`grows to ${LARGEST_SEMI_SPACE_MIB} MiB semi-spaces under a saturated event loop, and no further; V8 alone goes past it`, function () {
    this.timeout(120000);
    // Six windows of load. Without the cap it would go on to 16 MiB. (That a saturated window grows
    // it in one step is growthFactor's, below: here a loaded machine may first see a doubling.)
    const seen = busySemiSpaces(0, 6000);
    assert.equal(seen[seen.length - 1], LARGEST_SEMI_SPACE_MIB, `went through ${seen.join(', ')} MiB`);
    assert.ok(Math.max(...seen) <= LARGEST_SEMI_SPACE_MIB, `went through ${seen.join(', ')} MiB`);
    assert.ok(newSpaceMiB(false, 0, 20) > LARGEST_SEMI_SPACE_MIB, 'V8 alone');
  });

  it('leaves a young generation sized on the command line or in NODE_OPTIONS as asked', function () {
    this.timeout(120000);
    assert.ok(newSpaceMiB(true, 0, 1, ['--max-semi-space-size=8']) > 1);
    assert.equal(youngGenerationSizedByUser([], '--max-old-space-size=100 --max_semi_space_size=4'), true);
    assert.equal(youngGenerationSizedByUser(['--semi-space-growth-factor=3'], undefined), true);
    assert.equal(youngGenerationSizedByUser(['--max-old-space-size=100'], ''), false);
  });

  it('doubles above 4 % of a window spent scavenging, and grows to the largest allowed in a window of a saturated event loop', () => {
    assert.equal(growthFactor(10, 1000, 0, 1), 1);
    assert.equal(growthFactor(50, 1000, 0, 1), 2);
    assert.equal(growthFactor(50, 1000, 0, 2), 2);
    assert.equal(growthFactor(5, 0, 0, 1), 1);
    assert.equal(growthFactor(10, 1000, 0.5, 1), 1);
    assert.equal(growthFactor(10, 1000, 0.95, 1), LARGEST_SEMI_SPACE_MIB);
    assert.equal(growthFactor(50, 1000, 0.95, 2), LARGEST_SEMI_SPACE_MIB / 2);
    assert.equal(growthFactor(50, 1000, 0.95, LARGEST_SEMI_SPACE_MIB), 1, 'at the largest allowed');
    assert.equal(growthFactor(50, 1000, 0, LARGEST_SEMI_SPACE_MIB), 1);
    assert.equal(growthFactor(50, 1000, 0, 16), 1, 'a young generation already past it (sized before the watch began)');
  });
});
