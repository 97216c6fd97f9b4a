import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { isAlive, ownerTag, parseOwnerTag } from './process';
import { procState, underNonReapingParent, untilZombie } from './testing';

const linux = procState(process.pid) !== undefined;

describe('isAlive', () => {
  it('is true for this process, under its own tag', () => {
    const me = parseOwnerTag(ownerTag())!;
    assert.equal(me.pid, process.pid);
    assert.equal(isAlive(me.pid, me.start), true);
    assert.equal(isAlive(process.pid), true);
  });

  it('is false for a process that exited and was reaped', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => child.once('exit', r));
    assert.equal(isAlive(child.pid!), false);
  });

  it('is false for a zombie, which kill(pid, 0) still reports as existing', async function () {
    if (!linux) this.skip(); // zombies are told apart through /proc, which only Linux has
    const z = await underNonReapingParent(['sleep', '600']);
    try {
      process.kill(z.pid, 'SIGKILL');
      await untilZombie(z.pid);
      assert.doesNotThrow(() => process.kill(z.pid, 0), 'the old probe takes the zombie for alive');
      assert.equal(isAlive(z.pid), false);
    } finally {
      await z.release();
    }
  });

  it('is false for a pid that now belongs to another process (another start time)', function () {
    if (!linux) this.skip();
    const me = parseOwnerTag(ownerTag())!;
    assert.equal(isAlive(process.pid, String(Number(me.start) + 1)), false);
  });

  it('reads owner tags with and without a start time, and nothing else', () => {
    assert.deepEqual(parseOwnerTag('123 456\n'), { pid: 123, start: '456' });
    assert.deepEqual(parseOwnerTag('123'), { pid: 123 });
    for (const bad of ['', 'abc', '0', '-5', '12 ab', '1 2 3']) assert.equal(parseOwnerTag(bad), undefined, bad);
  });
});
