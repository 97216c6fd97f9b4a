/**
 * The storage lock through the real CLI: a bridge killed with -9 whose parent does not reap it
 * stays a zombie, which kill(pid, 0) takes for a live owner. A restart 0.1 s later must take over
 * its lock instead of failing with "in use by process <pid>".
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { procState, underNonReapingParent, untilZombie } from '../../src/util/testing';
import { storedFileLogConfig } from '../helpers/bridge-config';
import { CLI, startCollector, writeConfig, type RunningCollector } from '../helpers/collector';

function config(dir: string): string {
  return storedFileLogConfig(dir, { include: '*.log', exporter: ['debug', {}] });
}

describe('file_storage lock after kill -9 (real CLI)', function () {
  this.timeout(60000);
  let collector: RunningCollector | undefined;
  afterEach(async () => {
    await collector?.stop('SIGKILL');
    collector = undefined;
  });

  it('restarts 0.1 s after the previous process was killed while it is still an unreaped zombie', async function () {
    if (procState(process.pid) === undefined) this.skip(); // a zombie is only told apart through /proc (Linux)
    const dir = mkdtempSync(path.join(tmpdir(), 'storage-lock-'));
    mkdirSync(path.join(dir, 'logs'));
    writeFileSync(path.join(dir, 'logs', 'app.log'), 'a line\n');
    const lock = path.join(dir, 'storage', 'receiver.file_log.default.kv.lock');
    const first = await underNonReapingParent([process.execPath, CLI, '--config', writeConfig(config(dir))]);
    try {
      // file_log takes its storage client (and the lock) as it starts.
      const deadline = Date.now() + 30000;
      const owner = () => (existsSync(lock) ? readFileSync(lock, 'utf8').split(' ')[0] : '');
      while (owner() !== String(first.pid)) {
        if (Date.now() > deadline) throw new Error('the first bridge never took the storage lock');
        await new Promise((r) => setTimeout(r, 20));
      }
      process.kill(first.pid, 'SIGKILL');
      await untilZombie(first.pid);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(procState(first.pid), 'Z', 'the killed bridge is still a zombie at the restart');
      const began = Date.now();
      collector = await startCollector(config(dir));
      console.log(`      (ready ${Date.now() - began} ms after the restart began)`);
      assert.ok(!/in use by process/.test(collector.stderr()), collector.stderr());
      assert.equal(owner(), String(collector.pid), 'the new bridge owns the lock');
    } finally {
      await first.release();
    }
  });
});
