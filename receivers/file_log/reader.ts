/**
 * One open file and how far it was read: reads the next chunk, checks the file still starts with the
 * bytes it is known by, cuts the bytes into entries and makes log records of them. How far the pipeline
 * accepted them is the reader's `progress` (checkpoint.ts).
 */
import type { Attributes } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import { isUtf8 } from 'node:buffer';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import type { LogRecord } from '../../src/consumer/consumer';
import { makeLogRecordAt } from '../../src/data/builders';
import { nowNs, nsToHrTime } from '../../src/data/time';
import type { Offer } from '../../src/receiverhelper/deliver';
import type { BufferPool, Lease } from '../../src/util/buffer-pool';
import { checkpointKey, Progress, type Checkpoint } from './checkpoint';
import { EMPTY, readFingerprint, startsWith } from './fingerprint';
import { Skip, split, type SplitOptions } from './split';
import type { FileLogTelemetry } from './telemetry';

/** Bytes read per turn, carry included, when the carry leaves room for MIN_READ more. */
export const CHUNK = 256 * 1024;
/** The least a turn reads: a long carried entry gets a larger buffer instead. */
const MIN_READ = 64 * 1024;
/** Polls an orphan (rotated out or deleted) stays open at its end before it is closed. */
const ORPHAN_POLLS = 2;

/** What every reader of one receiver shares. */
export interface ReaderSettings {
  split: SplitOptions;
  fingerprintSize: number;
  /** `max_log_size` and `max_log_size_behavior`, for the warning about a cut entry. */
  maxLogSize: number;
  maxLogSizeBehavior: string;
  /** A last entry with no terminator is emitted once the file has been quiet this long (0 = never). */
  forceFlushMs: number;
  attributes: Attributes;
  includeFileName: boolean;
  includeFilePath: boolean;
  /** Read buffers, lent to a chunk until its records are delivered. */
  buffers: BufferPool;
  resource: Resource;
  telemetry: FileLogTelemetry;
}

/** A chunk's outcome: records to hand downstream (maybe none), or a failed read. */
export type Chunk =
  | {
      /** `more`: the chunk was full, read again soon; `eof`: nothing more for now. */
      state: 'more' | 'eof';
      /** The chunk's entries as records (undefined when there are none); release() once delivered. */
      records: ChunkRecords | undefined;
      /** Bytes were used up (or a cut was left) without records: the checkpoint still moves. */
      moved: boolean;
    }
  | { state: 'error' };

export class FileReader {
  /** Bytes from `readOffset` on that were read but not yet handed over (an unfinished entry). */
  carry: Buffer = EMPTY;
  /** Read-side state of a cut long entry. */
  skip: Skip;
  /** Everything before this byte was handed downstream (accepted or still in flight). */
  readOffset: number;
  /** How far the pipeline accepted this file's entries: the checkpoint. */
  readonly progress: Progress;
  /** Last size seen by stat/fstat. */
  size: number;
  /** When bytes last arrived, for the force-flush of an unterminated last entry. */
  lastGrowth = Date.now();
  /** Its inode no longer appears under any matched path (rotated out of the glob, or deleted). */
  orphan = false;
  /** Consecutive polls an orphan was found with nothing left to read. */
  idlePolls = 0;
  reading = false;

  constructor(
    /** Opening order: rotated (older) files are read first. */
    readonly seq: number,
    public path: string,
    readonly devIno: string,
    readonly fd: FileHandle,
    /** The file's first bytes: its identity. */
    public fp: Buffer,
    at: { offset: number; skip: Skip; storedKey?: string },
    size: number,
    private readonly settings: ReaderSettings,
  ) {
    this.readOffset = at.offset;
    this.skip = at.skip;
    this.progress = new Progress(at.offset, at.skip, at.storedKey);
    this.size = size;
  }

  get readPos(): number {
    return this.readOffset + this.carry.length;
  }

  /** Reading or with batches in flight: discovery must not reset it under our feet. */
  get busy(): boolean {
    return this.reading || this.progress.inflight > 0;
  }

  get key(): string {
    return checkpointKey(this.fp);
  }

  /** An orphan found at its end for several polls: the writer has moved on to another file. */
  get abandoned(): boolean {
    return this.orphan && this.idlePolls >= ORPHAN_POLLS;
  }

  checkpoint(key: string): Checkpoint {
    return { key, fp: this.fp, offset: this.progress.offset, skip: this.progress.skip, path: this.path, idlePolls: 0 };
  }

  /** Reads on from `readPos`, and returns the whole entries found with the unfinished tail kept for next time. */
  async readChunk(): Promise<Chunk> {
    const o = this.settings;
    const carry = this.carry;
    const lease = o.buffers.lease(Math.max(CHUNK, carry.length + MIN_READ));
    const buf = lease.buf;
    const room = buf.length - carry.length;
    carry.copy(buf);
    let bytesRead: number;
    try {
      ({ bytesRead } = await this.fd.read(buf, carry.length, room, this.readPos));
    } catch (err) {
      o.buffers.release(lease);
      o.telemetry.fileError(this.path, err as NodeJS.ErrnoException, 'read');
      return { state: 'error' };
    }
    const data = buf.subarray(0, carry.length + bytesRead);
    if (bytesRead > 0 && !(await this.sameFile(data, this.readOffset))) {
      // Truncated (copytruncate) and written again since the last poll: what was just read belongs
      // to other content. Drop it; discovery resets the reader once its deliveries are settled.
      o.buffers.release(lease);
      return { state: 'eof', records: undefined, moved: false };
    }
    const now = Date.now();
    if (bytesRead > 0) this.lastGrowth = now;
    const quiet = bytesRead === 0 && data.length > 0;
    const flush = quiet && (this.abandoned || (o.forceFlushMs > 0 && now - this.lastGrowth >= o.forceFlushMs));
    if (bytesRead === 0 && !flush) {
      o.buffers.release(lease);
      return { state: 'eof', records: undefined, moved: false };
    }
    if (bytesRead > 0 && o.split.codec.name === 'utf-8' && !isUtf8Chunk(data, carry.length)) o.telemetry.invalidUtf8(this.path);
    const skip = this.skip;
    const res = split(data, skip, flush, o.split);
    if (res.cut > 0) o.telemetry.cut(this.path, res.cut, o.maxLogSize, o.maxLogSizeBehavior);
    const moved = res.consumed > 0 || res.skip !== skip;
    this.readOffset += res.consumed;
    this.skip = res.skip;
    // Copy the unfinished tail: the read buffer goes back to the pool once the chunk is delivered.
    this.carry = res.consumed === data.length ? EMPTY : Buffer.from(data.subarray(res.consumed));
    const more = bytesRead === room || res.entries.length >= o.split.maxEntries;
    if (res.entries.length === 0) {
      o.buffers.release(lease);
      return { state: more ? 'more' : 'eof', records: undefined, moved };
    }
    const base: Attributes = { ...o.attributes };
    if (o.includeFileName) base['log.file.name'] = path.basename(this.path);
    if (o.includeFilePath) base['log.file.path'] = this.path;
    const records = new ChunkRecords(res.entries, { data, skip, flush, lease }, { ns: nowNs(), base, resource: o.resource }, o);
    return { state: more ? 'more' : 'eof', records, moved };
  }

  /**
   * After a chunk (`data`, read from file position `start`): whether the file still starts with the
   * bytes it is known by, and the bytes just read within the fingerprint's reach are the ones there
   * now. A short identity grows with what was read, so a file truncated and written again before
   * the next poll is still told apart from what was read of it.
   */
  private async sameFile(data: Buffer, start: number): Promise<boolean> {
    const want = this.fp.length < this.settings.fingerprintSize ? Math.min(this.settings.fingerprintSize, start + data.length) : this.fp.length;
    let head: Buffer;
    try {
      head = await readFingerprint(this.fd, want);
    } catch {
      return true; // a read error shows up on the next chunk and is reported there
    }
    if (this.fp.length > 0 && !startsWith(head, this.fp)) return false;
    const end = Math.min(head.length, start + data.length);
    if (end > start && head.compare(data, 0, end - start, start, end) !== 0) return false;
    if (head.length > this.fp.length) this.fp = head;
    return true;
  }

  /** The same inode now holds other bytes (copytruncate, rewrite in place): read it from the start as `fp`. */
  reset(fp: Buffer): void {
    this.fp = fp;
    this.readOffset = 0;
    this.carry = EMPTY;
    this.skip = Skip.None;
    this.progress.reset();
    this.lastGrowth = Date.now();
  }

  async close(): Promise<void> {
    await this.fd.close().catch(() => undefined);
  }
}

/** Checks the new bytes only (the carry was checked when it arrived), backing up over a split character. */
function isUtf8Chunk(data: Buffer, from: number): boolean {
  let start = from;
  while (start > 0 && start > from - 3 && (data[start] & 0xc0) === 0x80) start--;
  let end = data.length;
  // A character cut by the chunk end is completed by the next read.
  for (let back = 1; back <= 3 && end - back >= start; back++) {
    const b = data[end - back];
    if ((b & 0xc0) === 0xc0) {
      end -= back;
      break;
    }
    if ((b & 0x80) === 0) break;
  }
  return isUtf8(data.subarray(start, end));
}

/** What a chunk's records are made of, beside their entries: they read the same at every offer. */
interface RecordParts {
  ns: bigint;
  /** Attributes as they were when the chunk was read (a rotation may rename the file since). */
  base: Attributes;
  resource: Resource;
}

/**
 * A chunk's entries as log records, made for each offer (see Offer). The first make() uses the
 * entries the read found; a retry cuts them again from the bytes, which wait in a pooled buffer
 * outside the JS heap. Records held from the read until the export answered outlived the young
 * generation, so every scavenge under load copied and promoted a chunk's worth of them.
 */
export class ChunkRecords implements Offer<LogRecord> {
  readonly count: number;
  private entries: (string | Uint8Array)[] | undefined;

  constructor(
    entries: (string | Uint8Array)[],
    private readonly bytes: { data: Buffer; skip: Skip; flush: boolean; lease: Lease },
    private readonly parts: RecordParts,
    private readonly settings: ReaderSettings,
  ) {
    this.count = entries.length;
    this.entries = entries;
  }

  make(): LogRecord[] {
    let entries = this.entries;
    this.entries = undefined;
    if (entries === undefined) {
      const b = this.bytes;
      if (b.lease.returned) throw new Error('file_log: a chunk was offered again after its buffer was given back');
      entries = split(b.data, b.skip, b.flush, this.settings.split).entries;
    }
    const { ns, base, resource } = this.parts;
    const at = nsToHrTime(ns);
    const records: LogRecord[] = new Array(entries.length);
    for (let i = 0; i < entries.length; i++) records[i] = makeLogRecordAt({ body: entries[i], attributes: { ...base }, resource }, at, at);
    return records;
  }

  /** Gives the read buffer back: once the chunk is delivered or given up, never while it may be offered again. */
  release(): void {
    this.entries = undefined;
    this.settings.buffers.release(this.bytes.lease);
  }
}
