/** The tracker on its own, one poll at a time, with real files rotated between polls. */
import assert from 'node:assert/strict';
import { copyFileSync, truncateSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { lines, newTracker, readToEnd, tempDir, text } from './testing';

describe('file_log tracker', () => {
  it('resets a file truncated below its fingerprint before a byte of it was read, so the copy supplies every line', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'app.log');
    const all = lines('ct', 0, 40); // 1,680 bytes: a full 1,000-byte fingerprint
    writeFileSync(file, text(all));
    const { tracker, metrics, reader } = newTracker({ include: [path.join(dir, 'app.log*')] });
    try {
      await tracker.discover();
      assert.equal(reader(file)?.fp.length, 1000);
      assert.equal(reader(file)?.readPos, 0);
      // copytruncate lands before the first read: the only copy of the lines is app.log.1.
      copyFileSync(file, file + '.1');
      truncateSync(file, 0);
      await tracker.discover();
      assert.equal(await metrics.value('otelcol_fileconsumer_truncations_total'), 1);
      assert.equal(reader(file)?.fp.length, 0, 'the truncated file starts over with no identity yet');
      const copy = reader(file + '.1');
      assert.ok(copy, 'the copy is read, not taken for a duplicate of the truncated file');
      assert.deepEqual(await readToEnd(copy), all);
      assert.deepEqual(await readToEnd(reader(file)!), []);
    } finally {
      await tracker.closeAll();
    }
  });

  it('resumes the copy where the truncated file was when copytruncate lands mid-file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, text(lines('a', 0, 30)));
    const { tracker, reader } = newTracker({ include: [path.join(dir, 'app.log*')] });
    try {
      await tracker.discover();
      const r = reader(file)!;
      assert.deepEqual(await readToEnd(r), lines('a', 0, 30));
      r.progress.add(r.readOffset, r.skip, true);
      r.progress.advance(); // the pipeline accepted them
      writeFileSync(file, text(lines('a', 30, 50)), { flag: 'a' });
      copyFileSync(file, file + '.1');
      truncateSync(file, 0);
      writeFileSync(file, text(lines('b', 0, 5)));
      await tracker.discover();
      assert.deepEqual(await readToEnd(reader(file + '.1')!), lines('a', 30, 50), 'the copy supplies only the unread tail');
      assert.deepEqual(await readToEnd(reader(file)!), lines('b', 0, 5), 'the truncated file restarts at 0');
    } finally {
      await tracker.closeAll();
    }
  });
});
