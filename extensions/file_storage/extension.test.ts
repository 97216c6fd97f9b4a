import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ConfigIssue } from '../../src/config/issue';
import { NO_HOST, testSettings } from '../../src/component/testing';
import { isStorageExtension } from '../../src/component/component';
import { factory } from './factory';
import { KvLog } from './kvlog';
import { FileStorage, storeFileName } from './extension';
import { procState, underNonReapingParent, untilZombie } from '../../src/util/testing';

async function tempDir(): Promise<string> {
  return fsp.mkdtemp(path.join(os.tmpdir(), 'file-storage-'));
}

function make(directory: string, extra: Record<string, unknown> = {}) {
  const issues: ConfigIssue[] = [];
  const cfg = factory.config.decode({ directory, ...extra }, 'extensions::file_storage', issues);
  assert.deepEqual(issues, []);
  return factory.create(testSettings('file_storage', 'extension'), cfg!) as FileStorage;
}

describe('file_storage', () => {
  it('stores, overwrites, deletes and lists keys in sorted order', async () => {
    const ext = make(await tempDir());
    await ext.start(NO_HOST);
    assert.ok(isStorageExtension(ext));
    const c = await ext.client('receiver', 'file_log/app');
    await Promise.all([c.set('b/2', Buffer.from('two')), c.set('a/1', Buffer.from('one')), c.set('b/1', Buffer.from('x'))]);
    await c.set('b/1', Buffer.from('uno'));
    assert.equal((await c.get('b/1'))?.toString(), 'uno');
    assert.equal(await c.get('missing'), undefined);
    assert.deepEqual(await c.keys(), ['a/1', 'b/1', 'b/2']);
    assert.deepEqual(await c.keys('b/'), ['b/1', 'b/2']);
    await c.delete('b/1');
    await c.delete('never-set');
    assert.deepEqual(await c.keys('b/'), ['b/2']);
    await c.close();
    await ext.shutdown();
    await ext.shutdown();
  });

  it('keeps acknowledged values across a restart and separates components', async () => {
    const dir = await tempDir();
    const ext = make(dir);
    await ext.start(NO_HOST);
    const a = await ext.client('receiver', 'file_log/a');
    const b = await ext.client('exporter', 'otlp_http', 'queue');
    await a.set('offset', Buffer.from('42'));
    await b.set('offset', Buffer.from('7'));
    await a.close();
    await b.close();
    await ext.shutdown();

    const again = make(dir);
    await again.start(NO_HOST);
    const a2 = await again.client('receiver', 'file_log/a');
    const b2 = await again.client('exporter', 'otlp_http', 'queue');
    assert.equal((await a2.get('offset'))?.toString(), '42');
    assert.equal((await b2.get('offset'))?.toString(), '7');
    await again.shutdown();
    assert.deepEqual((await fsp.readdir(dir)).sort(), ['exporter.otlp_http.queue.kv', 'receiver.file_log.a.default.kv']);
  });

  it('escapes component ids into safe, distinct file names', () => {
    assert.equal(storeFileName('receiver', 'file_log'), 'receiver.file_log.default.kv');
    assert.equal(storeFileName('receiver', 'file_log/app.v2'), 'receiver.file_log.app%2Ev2.default.kv');
    const evil = storeFileName('receiver', 'file_log/../../etc', 'x/y');
    assert.ok(!evil.includes('/'), evil);
    assert.notEqual(storeFileName('receiver', 'file/log'), storeFileName('receiver', 'file_log'));
  });

  it('creates a missing directory and names the key when the directory is unusable', async () => {
    const dir = path.join(await tempDir(), 'deep', 'er');
    const ext = make(dir);
    await ext.start(NO_HOST);
    assert.ok((await fsp.stat(dir)).isDirectory());
    await ext.shutdown();

    const file = path.join(await tempDir(), 'plain-file');
    await fsp.writeFile(file, 'x');
    const bad = make(path.join(file, 'sub'));
    await assert.rejects(bad.start(NO_HOST), /^Error: directory: ".*plain-file\/sub" is not a writable directory \(ENOTDIR\)/);

    const missing = make(path.join(await tempDir(), 'nope'), { create_directory: false });
    await assert.rejects(missing.start(NO_HOST), /does not exist \(set create_directory: true/);
  });

  it('cuts a torn record at the end instead of failing to load', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'x.kv');
    const log = await KvLog.open(file, { fsync: true });
    await log.set('a', Buffer.from('1'));
    await log.set('b', Buffer.from('2'));
    await log.close();
    const full = await fsp.readFile(file);
    // A crash in the middle of the last write: keep half of the last record, then junk.
    await fsp.writeFile(file, Buffer.concat([full.subarray(0, full.length - 5), Buffer.from([0xde, 0xad])]));
    const repairs: string[] = [];
    const again = await KvLog.open(file, { fsync: true, onRepair: (m) => repairs.push(m) });
    assert.equal((await again.get('a'))?.toString(), '1');
    assert.equal(await again.get('b'), undefined);
    assert.equal(repairs.length, 1);
    await again.set('c', Buffer.from('3'));
    await again.close();
    const third = await KvLog.open(file, { fsync: true });
    assert.deepEqual(third.keys(), ['a', 'c']);
    await third.close();
  });

  it('rejects a file that is not a store instead of overwriting it', async () => {
    const file = path.join(await tempDir(), 'y.kv');
    await fsp.writeFile(file, 'hello world, not a store');
    await assert.rejects(KvLog.open(file, { fsync: false }), /not a file_storage file/);
    assert.equal(await fsp.readFile(file, 'utf8'), 'hello world, not a store');
  });

  it('compacts when overwritten values dominate the file', async () => {
    const file = path.join(await tempDir(), 'z.kv');
    const log = await KvLog.open(file, { fsync: false });
    const value = Buffer.alloc(4096, 7);
    for (let round = 0; round < 1500; round++) {
      await Promise.all([0, 1, 2].map((k) => log.set(`key${k}`, Buffer.concat([value, Buffer.from(String(round))]))));
    }
    const size = (await fsp.stat(file)).size;
    assert.ok(size < 5 * 1024 * 1024, `file did not shrink: ${size}`);
    assert.equal((await log.get('key2'))?.subarray(4096).toString(), '1499');
    await log.close();
    const again = await KvLog.open(file, { fsync: false });
    assert.deepEqual(again.keys(), ['key0', 'key1', 'key2']);
    assert.equal((await again.get('key0'))?.subarray(4096).toString(), '1499');
    await again.close();
  });

  it('lets one process at a time open a store and takes over the lock of a dead one', async () => {
    const dir = await tempDir();
    const ext = make(dir, { timeout: '100ms' });
    await ext.start(NO_HOST);
    const c = await ext.client('receiver', 'file_log');
    await assert.rejects(ext.client('receiver', 'file_log'), /already open in this process; waited 100ms/);
    await c.close();
    const c2 = await ext.client('receiver', 'file_log');
    await c2.close();

    // A lock left behind by a process that no longer exists.
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => dead.on('exit', r));
    await fsp.writeFile(path.join(dir, 'receiver.file_log.default.kv.lock'), String(dead.pid));
    const c3 = await ext.client('receiver', 'file_log');
    await c3.close();
    await ext.shutdown();
  });

  it('takes over the lock of a zombie owner and of a pid now used by another process, and waits for a live one', async function () {
    if (procState(process.pid) === undefined) this.skip(); // both are told apart through /proc (Linux only)
    const dir = await tempDir();
    const ext = make(dir, { timeout: '200ms' });
    await ext.start(NO_HOST);
    const lock = path.join(dir, 'receiver.file_log.default.kv.lock');
    // Killed, but its parent has not reaped it: kill(pid, 0) still succeeds.
    const z = await underNonReapingParent(['sleep', '600']);
    try {
      process.kill(z.pid, 'SIGKILL');
      await untilZombie(z.pid);
      await fsp.writeFile(lock, String(z.pid));
      await (await ext.client('receiver', 'file_log')).close();
    } finally {
      await z.release();
    }
    // A live process, but not the one that wrote the lock: that one started 1 tick after boot.
    const other = spawn('sleep', ['600']);
    try {
      await fsp.writeFile(lock, `${other.pid} 1`);
      await (await ext.client('receiver', 'file_log')).close();
    } finally {
      other.kill('SIGKILL');
    }
    // A live owner (the test's parent process here) is waited for, then named.
    await fsp.writeFile(lock, String(process.ppid));
    await assert.rejects(ext.client('receiver', 'file_log'), new RegExp(`is in use by process ${process.ppid} .*waited 200ms`));
    await ext.shutdown();
  });

  it('loses no acknowledged write when the process is killed with SIGKILL', async () => {
    const file = path.join(await tempDir(), 'crash.kv');
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', path.join(__dirname, 'testdata', 'crash-child.ts'), file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.split('\n').length > 300) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((r) => child.on('exit', r));
    const acked = out.split('\n').filter((l) => /^k\d{6}$/.test(l));
    assert.ok(acked.length >= 300);
    const log = await KvLog.open(file, { fsync: true });
    for (const key of acked) {
      assert.equal((await log.get(key))?.toString(), `value-${Number(key.slice(1))}`, key);
      assert.equal((await log.get(key + '-b'))?.length, 300, key);
    }
    await log.close();
  });
});
