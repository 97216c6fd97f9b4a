/** The file_storage extension: durable key-value stores for file offsets and persistent export queues. */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { CreateSettings, Host, Kind, StorageClient, StorageExtension } from '../../src/component/component';
import type { Config } from './config';
import { KvLog } from './kvlog';
import { acquireLock } from './lock';

/**
 * `file_storage`: one append-log file per client under `directory`, named from the
 * component's kind, type, name and the client name, so that renaming a component
 * (its id) starts a fresh store and two components never share one.
 */
export class FileStorage implements StorageExtension {
  private open = new Set<FileStorageClient>();
  private started = false;

  constructor(
    private readonly set: CreateSettings,
    private readonly cfg: Config,
  ) {}

  get directory(): string {
    return path.resolve(this.cfg.directory);
  }

  async start(_host: Host): Promise<void> {
    const dir = this.directory;
    try {
      const st = await fsp.stat(dir).catch(async (err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT' || !this.cfg.create_directory) throw err;
        await fsp.mkdir(dir, { recursive: true });
        return fsp.stat(dir);
      });
      if (!st.isDirectory()) throw new Error('not a directory');
      // access(W_OK) says yes for root on read-only mounts; a real write is the only honest probe.
      const probe = path.join(dir, `.probe-${process.pid}-${Date.now()}`);
      await fsp.writeFile(probe, '');
      await fsp.unlink(probe);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const reason = e.code === 'ENOENT' ? 'does not exist (set create_directory: true to create it)' : `is not a writable directory (${e.code ?? e.message})`;
      throw new Error(`directory: "${this.cfg.directory}" ${reason}`);
    }
    this.started = true;
    this.set.logger.debug({ directory: dir }, 'Storage directory is ready');
  }

  async client(kind: Kind, componentId: string, name?: string): Promise<StorageClient> {
    if (!this.started) throw new Error(`extension ${this.set.id} is not started`);
    const file = path.join(this.directory, storeFileName(kind, componentId, name));
    const release = await acquireLock(file, this.cfg.timeout);
    try {
      const log = await KvLog.open(file, {
        fsync: this.cfg.fsync,
        onRepair: (detail) => this.set.logger.warn({ file, detail }, 'Repaired the storage file'),
      });
      const c = new FileStorageClient(log, release, () => this.open.delete(c));
      this.open.add(c);
      return c;
    } catch (err) {
      await release();
      throw err;
    }
  }

  async shutdown(): Promise<void> {
    // Clients are normally closed by their owners first; close leftovers so locks are released.
    await Promise.allSettled([...this.open].map((c) => c.close()));
    this.started = false;
  }
}

class FileStorageClient implements StorageClient {
  private closing: Promise<void> | undefined;

  constructor(
    private readonly log: KvLog,
    private readonly release: () => Promise<void>,
    private readonly onClose: () => void,
  ) {}

  get(key: string): Promise<Buffer | undefined> {
    return this.log.get(key);
  }
  set(key: string, value: Buffer): Promise<void> {
    return this.log.set(key, value);
  }
  delete(key: string): Promise<void> {
    return this.log.delete(key);
  }
  async keys(prefix?: string): Promise<string[]> {
    return this.log.keys(prefix);
  }
  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        await this.log.close();
      } finally {
        await this.release();
        this.onClose();
      }
    })();
    return this.closing;
  }
}

/**
 * `receiver` + `file_log/app` + `default` → `receiver.file_log.app.default.kv`. Dots separate
 * the parts and everything outside [A-Za-z0-9_-] is %XX-escaped, so distinct ids never map
 * to one file and no id can climb out of the directory.
 */
export function storeFileName(kind: Kind, componentId: string, name?: string): string {
  const slash = componentId.indexOf('/');
  const type = slash < 0 ? componentId : componentId.slice(0, slash);
  const parts = [kind, type];
  if (slash >= 0) parts.push(componentId.slice(slash + 1));
  parts.push(name || 'default');
  return parts.map(escapePart).join('.') + '.kv';
}

function escapePart(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, (ch) =>
    [...Buffer.from(ch, 'utf8')].map((b) => '%' + b.toString(16).toUpperCase().padStart(2, '0')).join(''),
  );
}
