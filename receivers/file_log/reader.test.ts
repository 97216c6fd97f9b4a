/** The reader on its own, one chunk at a time, with real files rewritten between reads. */
import assert from 'node:assert/strict';
import { appendFileSync, truncateSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { lines, newTracker, readToEnd, tempDir, text } from './testing';

describe('file_log reader', () => {
  it('takes its identity from the bytes it reads, so a rewrite before the next poll is not read as more of the same file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, text(lines('a', 0, 3)));
    const { tracker, reader } = newTracker({ include: [file] });
    try {
      await tracker.discover();
      truncateSync(file, 0);
      await tracker.discover(); // truncated to nothing: reset, with no identity yet
      const r = reader(file)!;
      assert.equal(r.fp.length, 0);
      writeFileSync(file, text(lines('b', 0, 5)));
      assert.deepEqual(await readToEnd(r), lines('b', 0, 5));
      assert.equal(r.fp.toString(), text(lines('b', 0, 5)), 'what was read is now its identity');
      // Truncated and written again, longer, before any poll: nothing of it may pass as lines 5.. of "b".
      writeFileSync(file, text(lines('c', 0, 12)));
      assert.deepEqual(await readToEnd(r), []);
      await tracker.discover();
      assert.deepEqual(await readToEnd(r), lines('c', 0, 12), 'the next poll starts it over from 0');
    } finally {
      await tracker.closeAll();
    }
  });

  it('grows a short identity as the file grows, up to fingerprint_size', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, text(lines('g', 0, 2)));
    const { tracker, reader } = newTracker({ include: [file], fingerprint_size: 100 });
    try {
      await tracker.discover();
      const r = reader(file)!;
      const first = r.fp.length;
      writeFileSync(file, text(lines('g', 2, 10)), { flag: 'a' });
      assert.deepEqual(await readToEnd(r), lines('g', 0, 10));
      assert.ok(first < 100 && r.fp.length === 100, `identity grew from ${first} to ${r.fp.length} bytes`);
    } finally {
      await tracker.closeAll();
    }
  });

  it('reads into a pooled buffer that its chunk holds until released, then lends it to the next read; a read with no entries gives it back at once', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, text(lines('p', 0, 3)));
    const { tracker, reader, settings } = newTracker({ include: [file] });
    const pool = settings.buffers;
    try {
      await tracker.discover();
      const r = reader(file)!;
      const first = await r.readChunk();
      assert.ok(first.state !== 'error' && first.records);
      assert.equal(pool.idleBytes, 0, 'lent to the chunk');
      assert.deepEqual(first.records.make().map((x) => x.body), lines('p', 0, 3));
      first.records.release();
      const held = pool.idleBytes;
      assert.ok(held >= 256 * 1024, 'given back once released');
      assert.throws(() => first.records!.make(), /offered again after its buffer was given back/);
      const none = await r.readChunk();
      assert.ok(none.state === 'eof' && none.records === undefined);
      assert.equal(pool.idleBytes, held, 'a read that found nothing gave its buffer back');
      appendFileSync(file, text(lines('q', 0, 2)));
      const next = await r.readChunk();
      assert.ok(next.state !== 'error' && next.records);
      assert.equal(pool.idleBytes, 0, 'the same buffer lent again');
      assert.deepEqual(next.records.make().map((x) => x.body), lines('q', 0, 2));
      next.records.release();
    } finally {
      await tracker.closeAll();
    }
  });
});
