/** readFully: a whole range, or what there is of it up to the end of the file. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readFully } from './read-fully';

describe('readFully', () => {
  it('fills the buffer from a position, and says how much there was when the file ends first', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'read-fully-')), 'f');
    writeFileSync(file, '0123456789');
    const fd = await open(file, 'r');
    try {
      const whole = Buffer.alloc(4);
      assert.equal(await readFully(fd, whole, 3), 4);
      assert.equal(whole.toString(), '3456');
      const past = Buffer.alloc(8);
      assert.equal(await readFully(fd, past, 6), 4);
      assert.equal(past.subarray(0, 4).toString(), '6789');
      assert.equal(await readFully(fd, Buffer.alloc(2), 10), 0);
    } finally {
      await fd.close();
    }
  });
});
