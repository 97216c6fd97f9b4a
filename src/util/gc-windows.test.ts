/** Collections summed per window, idle gaps reported as empty windows (in a child: it forces collections). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { GcWindow } from './gc-windows';

const BUILT = path.resolve(__dirname, '../../dist/src/util/gc-windows.js');

describe('gc windows', () => {
  it('counts full collections and scavenging per window, reports idle gaps, and calls back after each batch', function () {
    this.timeout(30000);
    const src = `
      const { watchGcWindows } = require(${JSON.stringify(BUILT)});
      const windows = []; let batches = 0;
      watchGcWindows((w) => windows.push(w), () => batches++);
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
      (async () => {
        let keep = [];
        for (let i = 0; i < 200000; i++) { keep.push({ i }); if (keep.length > 50000) keep = []; }
        // Entries reach observers on a later turn of the loop: each burst is followed by one.
        gc(); gc(); gc();
        await sleep(10);
        await sleep(1100);
        gc();
        await sleep(10);
        await sleep(2600);
        gc();
        await sleep(50);
        console.log(JSON.stringify({ windows, batches }));
      })();`;
    const r = spawnSync(process.execPath, ['--expose-gc', '-e', src], { encoding: 'utf8', timeout: 20000 });
    assert.equal(r.status, 0, r.stderr);
    const { windows, batches } = JSON.parse(r.stdout) as { windows: GcWindow[]; batches: number };
    assert.equal(windows.length, 2, JSON.stringify(windows));
    const [first, second] = windows;
    assert.ok(first.fullCollections >= 4, `the three forced and the one closing the window: ${first.fullCollections}`);
    assert.ok(first.scavengeMs > 0, 'the allocation loop scavenged');
    assert.ok(first.ms >= 1000 && first.idleBefore === 0);
    assert.equal(second.fullCollections, 1);
    assert.ok(second.ms >= 2600 && second.idleBefore === 1, 'a 2.6 s gap is one whole window without a collection before it');
    assert.ok(second.utilization < 0.5, 'the loop sat idle');
    assert.ok(batches >= 2);
    assert.ok(first.oldGenerationAfterFull! > 1e6 && first.oldGenerationAfterFull! < 200e6, `the old generation's size after a full collection: ${first.oldGenerationAfterFull}`);
  });
});
