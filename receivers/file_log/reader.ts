import { createHash } from 'node:crypto';
import type { promises as fsp } from 'node:fs';
import { Skip } from './split';

/**
 * What we know about one file: its identity (the first bytes), how far its entries have
 * been accepted downstream (`offset`), and bytes already read past that offset that do
 * not yet form a whole entry (`carry`). The file is read again from `offset + carry`.
 */
/** One batch handed downstream; offsets advance in read order as batches are accepted. */
export interface Delivery {
  done: boolean;
  /** Read position and skip state just after this batch's bytes. */
  offsetAfter: number;
  skipAfter: Skip;
}

/**
 * What we know about one file: its identity (the first bytes), how far its entries were
 * handed downstream (`readOffset`), how far they were accepted (`ackedOffset`, the
 * checkpoint), and bytes read past `readOffset` that do not yet form a whole entry.
 */
export class FileReader {
  /** Bytes from `readOffset` on that were read but not yet handed over (an unfinished entry). */
  carry: Buffer = EMPTY;
  /** Read-side state of a cut long entry. */
  skip: Skip;
  /** Everything before this byte was handed downstream (accepted or still in flight). */
  readOffset: number;
  /** Everything before this byte was accepted downstream (or deliberately dropped): the checkpoint. */
  ackedOffset: number;
  ackedSkip: Skip;
  /** Batches in flight, in read order. */
  inflight: Delivery[] = [];
  /** Last size seen by stat/fstat. */
  size: number;
  /** When bytes last arrived, for the force-flush of an unterminated last entry. */
  lastGrowth = Date.now();
  /** Its inode no longer appears under any matched path (rotated out of the glob, or deleted). */
  orphan = false;
  /** Consecutive polls an orphan was found with nothing left to read. */
  idlePolls = 0;
  reading = false;
  /** The key its checkpoint is stored under now (changes when a short fingerprint grows). */
  storedKey: string | undefined;
  commitWanted = false;
  committing: Promise<void> | undefined;

  constructor(
    readonly seq: number,
    public path: string,
    public devIno: string,
    public fd: fsp.FileHandle,
    public fp: Buffer,
    offset: number,
    skip: Skip,
    size: number,
  ) {
    this.readOffset = this.ackedOffset = offset;
    this.skip = this.ackedSkip = skip;
    this.size = size;
  }

  get readPos(): number {
    return this.readOffset + this.carry.length;
  }

  /** Reading or with batches in flight: discovery must not reset it under our feet. */
  get busy(): boolean {
    return this.reading || this.inflight.length > 0;
  }

  get key(): string {
    return checkpointKey(this.fp);
  }
}

export const EMPTY = Buffer.alloc(0);

export const CHECKPOINT_PREFIX = 'cp/';

export function checkpointKey(fp: Buffer): string {
  return CHECKPOINT_PREFIX + createHash('sha256').update(fp).digest('hex').slice(0, 32);
}

/** A stored or retired position with no open file: matched by fingerprint when a file shows up. */
export interface Checkpoint {
  key: string;
  fp: Buffer;
  offset: number;
  skip: Skip;
  path: string;
  /** Polls since it was last matched; old ones are forgotten. */
  idlePolls: number;
  /** When it was first found unmatched (ms since the epoch). */
  unseenSince?: number;
}

export function encodeCheckpoint(r: { fp: Buffer; offset: number; skip: Skip; path: string }): Buffer {
  return Buffer.from(JSON.stringify({ fp: r.fp.toString('base64'), offset: r.offset, skip: r.skip, path: r.path }));
}

export function decodeCheckpoint(key: string, raw: Buffer): Checkpoint | undefined {
  try {
    const v = JSON.parse(raw.toString('utf8')) as { fp?: unknown; offset?: unknown; skip?: unknown; path?: unknown };
    if (typeof v.fp !== 'string' || typeof v.offset !== 'number' || !Number.isSafeInteger(v.offset) || v.offset < 0) return undefined;
    const skip = v.skip === Skip.RestOfLine || v.skip === Skip.Continuation ? v.skip : Skip.None;
    return { key, fp: Buffer.from(v.fp, 'base64'), offset: v.offset, skip, path: typeof v.path === 'string' ? v.path : '', idlePolls: 0 };
  } catch {
    return undefined;
  }
}

/** `a` starts with `b` or `b` starts with `a`: the same file seen at two sizes. */
export function samePrefix(a: Buffer, b: Buffer): boolean {
  const n = Math.min(a.length, b.length);
  return n > 0 && a.compare(b, 0, n, 0, n) === 0;
}

export function startsWith(data: Buffer, prefix: Buffer): boolean {
  return prefix.length > 0 && data.length >= prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}
