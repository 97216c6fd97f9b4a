/**
 * Read offsets: a checkpoint's key and stored form, its in-order advance over accepted batches, and
 * its writes to a storage extension so that a restart resumes where the pipeline last said yes.
 */
import { createHash } from 'node:crypto';
import { isStorageExtension, type Host, type StorageClient } from '../../src/component/component';
import { errorMessage } from '../../src/consumer/errors';
import { Skip } from './split';

export const CHECKPOINT_PREFIX = 'cp/';
/** Present once some run has started with this storage: `start_at` applies only before that. */
const STARTED_KEY = 'started';

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

/** One batch handed downstream; the checkpoint moves past it once it and every batch before it are done. */
interface Delivery {
  done: boolean;
  /** Read position and skip state just after this batch's bytes. */
  offsetAfter: number;
  skipAfter: Skip;
}

/** How far one file's entries were accepted downstream (its checkpoint), and its batches still on their way. */
export class Progress {
  /** Everything before this byte was accepted downstream (or deliberately dropped). */
  offset: number;
  skip: Skip;
  /** The key its checkpoint is stored under now (changes when a short fingerprint grows). */
  storedKey: string | undefined;
  commitWanted = false;
  committing: Promise<void> | undefined;
  /** Batches in flight, in read order. */
  private readonly deliveries: Delivery[] = [];

  constructor(offset: number, skip: Skip, storedKey: string | undefined) {
    this.offset = offset;
    this.skip = skip;
    this.storedKey = storedKey;
  }

  get inflight(): number {
    return this.deliveries.length;
  }

  /** A batch ending at `offsetAfter` was handed downstream; mark the returned delivery done once it is accepted. */
  add(offsetAfter: number, skipAfter: Skip, done = false): { done: boolean } {
    const d = { done, offsetAfter, skipAfter };
    this.deliveries.push(d);
    return d;
  }

  /** Moves over the leading batches that are done (later ones wait for earlier ones); true when it moved. */
  advance(): boolean {
    let moved = false;
    while (this.deliveries.length > 0 && this.deliveries[0].done) {
      const d = this.deliveries.shift()!;
      this.offset = d.offsetAfter;
      this.skip = d.skipAfter;
      moved = true;
    }
    return moved;
  }

  /** The file now holds other bytes (copytruncate): start over, under a key not yet stored. */
  reset(): void {
    this.offset = 0;
    this.skip = Skip.None;
    this.storedKey = undefined;
  }
}

/** What a checkpoint is taken of: a file's identity key, its progress, and its checkpoint under a given key. */
export interface Committable {
  readonly key: string;
  readonly progress: Progress;
  checkpoint(key: string): Checkpoint;
}

/** The checkpoints of one receiver in its storage extension (or nowhere, without `storage`). */
export class CheckpointStore {
  constructor(
    private client: StorageClient | undefined,
    private readonly onError: (err: unknown) => void,
  ) {}

  get durable(): boolean {
    return this.client !== undefined;
  }

  /** Stores the file's checkpoint; while one write is on its way, later ones fold into the next write. */
  commit(r: Committable): void {
    const p = r.progress;
    if (!this.client) return;
    p.commitWanted = true;
    if (p.committing) return;
    p.committing = (async () => {
      while (p.commitWanted && this.client) {
        p.commitWanted = false;
        const cp = r.checkpoint(r.key);
        const previousKey = p.storedKey;
        p.storedKey = cp.key;
        await this.persist(cp, previousKey);
      }
      p.committing = undefined;
    })();
  }

  async persist(cp: Checkpoint, previousKey?: string): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      await client.set(cp.key, encodeCheckpoint(cp));
      if (previousKey && previousKey !== cp.key) await client.delete(previousKey);
    } catch (err) {
      this.onError(err);
    }
  }

  forget(key: string): void {
    void this.client?.delete(key).catch(() => undefined);
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.close();
  }
}

export interface Restored {
  store: CheckpointStore;
  known: Checkpoint[];
  /** No run has started with this storage before (always true without storage). */
  firstRun: boolean;
}

/** Opens the receiver's storage client and reads back every checkpoint in it; no storage, no checkpoints. */
export async function restoreCheckpoints(host: Host, storage: string | undefined, receiverId: string, onError: (err: unknown) => void): Promise<Restored> {
  if (!storage) return { store: new CheckpointStore(undefined, onError), known: [], firstRun: true };
  const ext = host.getExtension(storage);
  if (!isStorageExtension(ext)) {
    throw new Error(`storage: "${storage}" is not a configured storage extension (add it under extensions and service::extensions)`);
  }
  const client = await ext.client('receiver', receiverId);
  const known: Checkpoint[] = [];
  let firstRun: boolean;
  try {
    for (const key of await client.keys(CHECKPOINT_PREFIX)) {
      const raw = await client.get(key);
      const cp = raw && decodeCheckpoint(key, raw);
      if (cp) known.push(cp);
      else await client.delete(key);
    }
    // start_at only applies to the very first run: later, an unknown file was created while we were away.
    firstRun = (await client.get(STARTED_KEY)) === undefined;
    if (firstRun) await client.set(STARTED_KEY, Buffer.from('1'));
  } catch (err) {
    await client.close().catch(() => undefined);
    throw new Error(`storage: cannot read checkpoints from "${storage}": ${errorMessage(err)}`);
  }
  return { store: new CheckpointStore(client, onError), known, firstRun };
}
