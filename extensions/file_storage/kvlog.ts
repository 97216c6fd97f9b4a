import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { readFully } from '../../src/util/read-fully';

/**
 * A crash-safe key-value store in one append-only file.
 *
 * Every `set`/`delete` appends one record `[u32 bodyLen][u32 crc32(body)][body]` with
 * body = `[u8 op][u32 keyLen][key][value]`. Writers that arrive while a write is in flight
 * are grouped into the next write, so N concurrent sets cost one write and one fsync
 * (a persistent queue and a file tailer both commit often). Values stay on disk: the
 * in-memory index holds only positions, and `get` reads the value back.
 *
 * A crash can leave a torn record at the end; loading stops at the first record whose
 * length or checksum does not hold and cuts the file there, which loses only writes
 * whose promise never resolved. When dead records outweigh live ones the file is
 * rewritten to a temporary file, fsynced, and renamed over the old one.
 */

const MAGIC = Buffer.from('ddkvlog1');
const HEADER = 8; // bodyLen + crc
const OP_SET = 1;
const OP_DELETE = 2;
const MAX_KEY = 64 * 1024;
const COMPACT_MIN_BYTES = 4 * 1024 * 1024;
/** Values up to this size are also kept in memory: a get of a small key costs no disk read. */
const CACHE_MAX = 4096;

interface Slot {
  /** File position of the value bytes. */
  pos: number;
  len: number;
  /** Whole record size, for garbage accounting. */
  recLen: number;
  cached?: Buffer;
}

interface PendingWrite {
  op: number;
  key: string;
  rec: Buffer;
  valueOffset: number;
  valueLen: number;
  resolve(): void;
  reject(err: unknown): void;
}

export interface KvLogOptions {
  fsync: boolean;
  /** Called with a one-line reason when a torn or corrupt tail is cut off at load. */
  onRepair?(message: string): void;
}

export class KvLog {
  private fd!: fsp.FileHandle;
  private index = new Map<string, Slot>();
  private size = 0;
  private liveBytes = 0;
  private pending: PendingWrite[] = [];
  private flushing: Promise<void> | undefined;
  private reads = new Set<Promise<unknown>>();
  private closed = false;

  private constructor(
    readonly file: string,
    private readonly opts: KvLogOptions,
  ) {}

  static async open(file: string, opts: KvLogOptions): Promise<KvLog> {
    const kv = new KvLog(file, opts);
    await kv.load();
    return kv;
  }

  private async load(): Promise<void> {
    // Not 'a+': appending mode ignores write positions on Linux, and writes here are positional.
    try {
      this.fd = await fsp.open(this.file, 'r+');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      this.fd = await fsp.open(this.file, 'wx+');
    }
    const st = await this.fd.stat();
    if (st.size === 0) {
      await this.writeAll([MAGIC], 0);
      await this.sync();
      await syncDir(path.dirname(this.file));
      this.size = MAGIC.length;
      return;
    }
    const magic = Buffer.alloc(MAGIC.length);
    await this.fd.read(magic, 0, MAGIC.length, 0);
    if (!magic.equals(MAGIC)) {
      await this.fd.close();
      throw new Error(`${this.file} is not a file_storage file (bad header); move it away or choose another directory`);
    }
    const end = await this.scan(st.size);
    if (end < st.size) {
      this.opts.onRepair?.(`cut ${st.size - end} bytes of an incomplete or corrupt record at offset ${end} of ${this.file}`);
      await this.fd.truncate(end);
      await this.sync();
    }
    this.size = end;
    if (this.size > COMPACT_MIN_BYTES && this.liveBytes * 2 < this.size) await this.compact();
  }

  /** Rebuilds the index; returns the end of the last good record. */
  private async scan(fileSize: number): Promise<number> {
    const reader = new SeqReader(this.fd, MAGIC.length, fileSize);
    for (;;) {
      const start = reader.pos;
      const head = await reader.take(HEADER);
      if (!head) return start;
      const bodyLen = head.readUInt32LE(0);
      const sum = head.readUInt32LE(4);
      if (bodyLen < 5 || start + HEADER + bodyLen > fileSize) return start;
      const body = await reader.take(bodyLen);
      if (!body || crc32(body) !== sum) return start;
      const op = body[0];
      const keyLen = body.readUInt32LE(1);
      if (keyLen > bodyLen - 5 || (op !== OP_SET && op !== OP_DELETE)) return start;
      const key = body.toString('utf8', 5, 5 + keyLen);
      const recLen = HEADER + bodyLen;
      this.drop(key);
      if (op === OP_SET) {
        const len = bodyLen - 5 - keyLen;
        const cached = len <= CACHE_MAX ? Buffer.from(body.subarray(5 + keyLen)) : undefined;
        this.index.set(key, { pos: start + HEADER + 5 + keyLen, len, recLen, cached });
        this.liveBytes += recLen;
      }
    }
  }

  private drop(key: string): void {
    const old = this.index.get(key);
    if (old) {
      this.liveBytes -= old.recLen;
      this.index.delete(key);
    }
  }

  async get(key: string): Promise<Buffer | undefined> {
    this.assertOpen();
    const slot = this.index.get(key);
    if (!slot) return undefined;
    if (slot.cached) return Buffer.from(slot.cached);
    const buf = Buffer.allocUnsafe(slot.len);
    const p = readExactly(this.fd, buf, slot.pos);
    this.reads.add(p);
    try {
      await p;
    } finally {
      this.reads.delete(p);
    }
    return buf;
  }

  set(key: string, value: Buffer): Promise<void> {
    return this.enqueue(OP_SET, key, value);
  }

  delete(key: string): Promise<void> {
    if (!this.index.has(key) && !this.pending.some((p) => p.key === key)) return Promise.resolve();
    return this.enqueue(OP_DELETE, key, Buffer.alloc(0));
  }

  keys(prefix = ''): string[] {
    const out: string[] = [];
    for (const k of this.index.keys()) if (k.startsWith(prefix)) out.push(k);
    return out.sort();
  }

  get count(): number {
    return this.index.size;
  }

  private enqueue(op: number, key: string, value: Buffer): Promise<void> {
    try {
      this.assertOpen();
    } catch (err) {
      return Promise.reject(err);
    }
    const keyBuf = Buffer.from(key, 'utf8');
    if (keyBuf.length > MAX_KEY) return Promise.reject(new Error(`storage key longer than ${MAX_KEY} bytes`));
    const bodyLen = 5 + keyBuf.length + value.length;
    const rec = Buffer.allocUnsafe(HEADER + bodyLen);
    rec.writeUInt32LE(bodyLen, 0);
    rec[HEADER] = op;
    rec.writeUInt32LE(keyBuf.length, HEADER + 1);
    keyBuf.copy(rec, HEADER + 5);
    value.copy(rec, HEADER + 5 + keyBuf.length);
    rec.writeUInt32LE(crc32(rec.subarray(HEADER)), 4);
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ op, key, rec, valueOffset: HEADER + 5 + keyBuf.length, valueLen: value.length, resolve, reject });
      if (!this.flushing) this.flushing = this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    // Let the current tick's writers join the first group.
    await new Promise<void>((r) => setImmediate(r));
    while (this.pending.length > 0) {
      const group = this.pending.splice(0);
      const start = this.size;
      try {
        await this.writeAll(
          group.map((g) => g.rec),
          start,
        );
        await this.sync();
      } catch (err) {
        // Leave no half-written group behind: later groups must start on a record boundary.
        await this.fd.truncate(start).catch(() => undefined);
        for (const g of group) g.reject(err);
        continue;
      }
      let pos = start;
      for (const g of group) {
        this.drop(g.key);
        if (g.op === OP_SET) {
          const cached = g.valueLen <= CACHE_MAX ? g.rec.subarray(g.valueOffset) : undefined;
          this.index.set(g.key, { pos: pos + g.valueOffset, len: g.valueLen, recLen: g.rec.length, cached });
          this.liveBytes += g.rec.length;
        }
        pos += g.rec.length;
      }
      this.size = pos;
      for (const g of group) g.resolve();
      if (this.size > COMPACT_MIN_BYTES && this.liveBytes * 2 < this.size - MAGIC.length) {
        await this.compact().catch((err) => this.opts.onRepair?.(`compaction of ${this.file} failed: ${String(err)}`));
      }
    }
    this.flushing = undefined;
  }

  /** Rewrites only live records into a new file and renames it over the old one. */
  private async compact(): Promise<void> {
    const tmp = this.file + '.compact';
    const out = await fsp.open(tmp, 'w');
    const next = new Map<string, Slot>();
    let pos = 0;
    try {
      await writeAllTo(out, [MAGIC], 0);
      pos = MAGIC.length;
      for (const [key, slot] of this.index) {
        const recStart = slot.pos - (slot.recLen - slot.len);
        const rec = Buffer.allocUnsafe(slot.recLen);
        await readExactly(this.fd, rec, recStart);
        await writeAllTo(out, [rec], pos);
        next.set(key, { pos: pos + (slot.recLen - slot.len), len: slot.len, recLen: slot.recLen, cached: slot.cached });
        pos += slot.recLen;
      }
      if (this.opts.fsync) await out.sync();
    } finally {
      await out.close();
    }
    await fsp.rename(tmp, this.file);
    if (this.opts.fsync) await syncDir(path.dirname(this.file));
    const old = this.fd;
    this.fd = await fsp.open(this.file, 'r+');
    this.index = next;
    this.size = pos;
    // Reads that started on the old descriptor finish before it closes.
    await Promise.allSettled([...this.reads]);
    await old.close();
  }

  private async writeAll(bufs: Buffer[], position: number): Promise<void> {
    await writeAllTo(this.fd, bufs, position);
  }

  private async sync(): Promise<void> {
    if (this.opts.fsync) await this.fd.datasync();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    while (this.flushing) await this.flushing;
    this.closed = true;
    await Promise.allSettled([...this.reads]);
    await this.fd.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`storage ${this.file} is closed`);
  }
}

async function writeAllTo(fd: fsp.FileHandle, bufs: Buffer[], position: number): Promise<void> {
  let pos = position;
  let rest = bufs;
  while (rest.length > 0) {
    const { bytesWritten } = await fd.writev(rest, pos);
    pos += bytesWritten;
    let n = bytesWritten;
    const left: Buffer[] = [];
    for (const b of rest) {
      if (n >= b.length) {
        n -= b.length;
      } else {
        left.push(n > 0 ? b.subarray(n) : b);
        n = 0;
      }
    }
    rest = left;
  }
}

async function readExactly(fd: fsp.FileHandle, buf: Buffer, position: number): Promise<void> {
  if ((await readFully(fd, buf, position)) < buf.length) throw new Error('storage file is shorter than its index (modified by another process?)');
}

export async function syncDir(dir: string): Promise<void> {
  let h: fsp.FileHandle | undefined;
  try {
    h = await fsp.open(dir, 'r');
    await h.sync();
  } catch {
    // Some file systems refuse fsync on directories; the rename is still atomic there.
  } finally {
    await h?.close();
  }
}

/** Sequential reads through a window, so a load touches each byte once without holding the file. */
class SeqReader {
  private buf = Buffer.alloc(0);
  private bufStart: number;
  pos: number;

  constructor(
    private readonly fd: fsp.FileHandle,
    start: number,
    private readonly end: number,
  ) {
    this.pos = start;
    this.bufStart = start;
  }

  async take(n: number): Promise<Buffer | undefined> {
    if (this.pos + n > this.end) return undefined;
    const have = this.bufStart + this.buf.length - this.pos;
    if (have < n) {
      const keep = this.buf.subarray(this.pos - this.bufStart);
      const want = Math.min(Math.max(n - keep.length, 1 << 20), this.end - this.pos - keep.length);
      const next = Buffer.allocUnsafe(keep.length + want);
      keep.copy(next);
      await readExactly(this.fd, next.subarray(keep.length), this.pos + keep.length);
      this.buf = next;
      this.bufStart = this.pos;
    }
    const off = this.pos - this.bufStart;
    this.pos += n;
    return this.buf.subarray(off, off + n);
  }
}
