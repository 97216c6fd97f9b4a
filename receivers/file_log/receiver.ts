import type { Attributes } from '@opentelemetry/api';
import { isUtf8 } from 'node:buffer';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { isStorageExtension, type Component, type CreateSettings, type Host, type StorageClient } from '../../src/component/component';
import type { LogRecord, LogsConsumer } from '../../src/consumer/consumer';
import { errorMessage, isPermanent, RefusedError } from '../../src/consumer/errors';
import { makeLogRecord } from '../../src/data/builders';
import { ResourceCache } from '../../src/data/resource';
import { nowNs } from '../../src/data/time';
import { RECEIVER_ITEM_LABELS } from '../../src/telemetry/instrument';
import { RateLimitedLog } from '../../src/telemetry/logger';
import { codecFor } from './codec';
import { multilineOf, type FileLogConfig } from './config';
import { Matcher } from './glob';
import {
  CHECKPOINT_PREFIX,
  checkpointKey,
  decodeCheckpoint,
  EMPTY,
  encodeCheckpoint,
  FileReader,
  samePrefix,
  startsWith,
  type Checkpoint,
} from './reader';
import { Skip, split, type SplitOptions } from './split';

/** Bytes read per turn. */
const CHUNK = 256 * 1024;
const MAX_ENTRIES = 2048;
/**
 * Batches in flight at once (all files together): enough to fill a downstream batch
 * processor (8192 records) without waiting for its timeout, and the bound on how far
 * reading runs ahead of a slow or refusing pipeline.
 */
const MAX_INFLIGHT = 8;
/** Chunks one file may read before the others get a turn. */
const TURNS_PER_FILE = 16;
/** Polls a checkpoint with no file is remembered (rotation may show the file again under a new name). */
const KEEP_POLLS = 30;
/**
 * A checkpoint whose file is not seen is kept at least this long as well as KEEP_POLLS polls: a
 * log directory that shows up a while after a restart must resume, not be read again.
 */
const KEEP_MS = 10 * 60 * 1000;
/** Polls an orphan (rotated out or deleted) stays open at its end before it is closed. */
const ORPHAN_POLLS = 2;
const STARTED_KEY = 'started';

/**
 * The `file_log` receiver: tails files found by glob, identifies them by their first bytes,
 * and offers their entries downstream in batches. A file's checkpoint advances past a batch
 * only once `consume` resolved for it and for every batch before it; a refused batch is
 * offered again with backoff while reading stops at MAX_INFLIGHT batches, so a crash
 * repeats at most the batches in flight and a slow pipeline slows reading instead of
 * losing lines.
 */
export class FileLogReceiver implements Component {
  private readonly matcher: Matcher;
  private readonly splitOpts: SplitOptions;
  private readonly resource;
  private readonly warn: RateLimitedLog;
  private readonly labels: { receiver: string; transport: string };
  private readonly m;

  private storage: StorageClient | undefined;
  private readers = new Map<string, FileReader>(); // by dev:ino
  private known: Checkpoint[] = [];
  private seq = 0;
  private polls = 0;
  private lastPoll = 0;
  private firstRun = true;
  private stopping = false;
  private started = false;
  private loop: Promise<void> | undefined;
  /** Sleepers (poll wait, retry backoff, window wait) that shutdown or a free slot wakes early. */
  private wakers = new Set<() => void>();
  private inflight = new Set<Promise<void>>();

  constructor(
    private readonly set: CreateSettings,
    private readonly cfg: FileLogConfig,
    private readonly next: LogsConsumer,
  ) {
    this.matcher = new Matcher(cfg.include, cfg.exclude);
    const ml = multilineOf(cfg);
    this.splitOpts = {
      codec: codecFor(cfg.encoding),
      maxLogSize: cfg.max_log_size,
      truncate: cfg.max_log_size_behavior === 'truncate',
      startPattern: ml.line_start_pattern !== undefined ? new RegExp(ml.line_start_pattern) : undefined,
      endPattern: ml.line_end_pattern !== undefined ? new RegExp(ml.line_end_pattern) : undefined,
      maxEntries: MAX_ENTRIES,
    };
    this.resource = new ResourceCache().get({ ...cfg.resource });
    this.warn = new RateLimitedLog(set.logger);
    this.labels = { receiver: set.id, transport: 'file' };
    const mt = set.metrics;
    const rl = RECEIVER_ITEM_LABELS;
    this.m = {
      accepted: mt.counter('otelcol_receiver_accepted_log_records', 'Log records accepted by the pipeline.', rl),
      refused: mt.counter('otelcol_receiver_refused_log_records', 'Log records the pipeline refused (each refusal of a retried batch counts).', rl),
      dropped: mt.counter('otelcol_fileconsumer_dropped_log_records', 'Log records given up: permanent errors, or retries off or exhausted.', ['receiver']),
      cut: mt.counter('otelcol_fileconsumer_truncated_log_records', 'Entries longer than max_log_size, truncated or split.', ['receiver']),
      invalid: mt.counter('otelcol_fileconsumer_decode_errors', 'Chunks with bytes invalid in the encoding (replaced by U+FFFD).', ['receiver']),
      errors: mt.counter('otelcol_fileconsumer_file_errors', 'Failed attempts to list, open or read a file (retried every poll; logged at a bounded rate).', ['receiver', 'reason']),
      rotations: mt.counter('otelcol_fileconsumer_truncations', 'Files found truncated or replaced in place (copytruncate).', ['receiver']),
      open: mt.gauge('otelcol_fileconsumer_open_files', 'Files held open.', ['receiver']),
      reading: mt.gauge('otelcol_fileconsumer_reading_files', 'Open files with bytes not yet read.', ['receiver']),
    };
  }

  async start(host: Host): Promise<void> {
    if (this.cfg.storage) {
      const ext = host.getExtension(this.cfg.storage);
      if (!isStorageExtension(ext)) {
        throw new Error(`receivers::${this.set.id}::storage: "${this.cfg.storage}" is not a configured storage extension (add it under extensions and service::extensions)`);
      }
      const client = await ext.client('receiver', this.set.id);
      try {
        for (const key of await client.keys(CHECKPOINT_PREFIX)) {
          const raw = await client.get(key);
          const cp = raw && decodeCheckpoint(key, raw);
          if (cp) this.known.push(cp);
          else await client.delete(key);
        }
        // start_at only applies to the very first run: later, an unknown file was created while we were away.
        this.firstRun = (await client.get(STARTED_KEY)) === undefined;
        if (this.firstRun) await client.set(STARTED_KEY, Buffer.from('1'));
      } catch (err) {
        await client.close().catch(() => undefined);
        throw new Error(`receivers::${this.set.id}::storage: cannot read checkpoints from "${this.cfg.storage}": ${errorMessage(err)}`);
      }
      this.storage = client;
      this.set.logger.info({ checkpoints: this.known.length, firstRun: this.firstRun }, 'file_log: restored read offsets');
    } else {
      this.set.logger.warn({ receiver: this.set.id }, 'file_log has no storage: read offsets are kept in memory only, so a restart re-applies start_at');
    }
    this.started = true;
    this.loop = this.run();
  }

  async shutdown(): Promise<void> {
    if (!this.started || this.stopping) return;
    this.stopping = true;
    this.wakeAll();
    // A consume that never answers must not hold shutdown forever; its lines are re-read next start.
    const settled = await withTimeout(Promise.all([this.loop, ...this.inflight]), 5000);
    if (!settled) this.set.logger.warn('file_log: batches were still being delivered at shutdown; they will be read again on the next start');
    await Promise.all([...this.readers.values()].map((r) => r.committing));
    await Promise.allSettled([...this.readers.values()].map((r) => r.fd.close()));
    this.readers.clear();
    this.updateGauges();
    const storage = this.storage;
    this.storage = undefined;
    await storage?.close();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let more = false;
      try {
        if (Date.now() - this.lastPoll >= this.cfg.poll_interval) await this.discover();
        more = await this.readAll();
      } catch (err) {
        this.warn.warn('loop', { err: errorMessage(err) }, 'file_log: unexpected error; continuing');
      }
      if (!more && !this.stopping) {
        await this.sleep(Math.max(1, this.lastPoll + this.cfg.poll_interval - Date.now()));
      }
    }
  }

  /** Resolves after `ms`, or earlier on shutdown (and, for window waits, when a batch finishes). */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.wakers.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  private wakeAll(): void {
    for (const w of [...this.wakers]) w();
  }

  // ---- discovery -------------------------------------------------------------------------

  private async discover(): Promise<void> {
    this.lastPoll = Date.now();
    this.polls++;
    const paths = await this.matcher.match((dir, err) => this.fileError(dir, err, 'list'));
    const seen = new Set<string>();
    let heldBack = false;
    for (const p of paths) {
      let st;
      try {
        st = await fsp.stat(p, { bigint: false });
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code !== 'ENOENT') this.fileError(p, e, 'stat');
        continue;
      }
      if (!st.isFile()) continue;
      const id = `${st.dev}:${st.ino}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const r = this.readers.get(id);
      if (r) {
        r.path = p;
        r.orphan = false;
        r.idlePolls = 0;
        r.size = st.size;
        if (!r.busy) await this.checkReplaced(r);
        continue;
      }
      if (this.cfg.exclude_older_than > 0 && Date.now() - st.mtimeMs > this.cfg.exclude_older_than) continue;
      if (st.size === 0) continue; // nothing to identify it by yet; it is read from its start once it has bytes
      if (this.readers.size >= this.cfg.max_concurrent_files) {
        heldBack = true;
        this.warn.warn('max_files', { max: this.cfg.max_concurrent_files }, 'file_log: max_concurrent_files reached; further files wait');
        continue;
      }
      await this.open(p, id, st.size);
    }
    for (const [id, r] of this.readers) {
      if (seen.has(id)) continue;
      if (!r.orphan) {
        r.orphan = true;
        this.set.logger.debug({ path: r.path }, 'file_log: file rotated away or deleted; reading what is left');
      }
      try {
        r.size = (await r.fd.stat()).size;
      } catch (err) {
        this.fileError(r.path, err as NodeJS.ErrnoException, 'stat');
      }
      // Polls in a row with nothing new: the writer has moved on to the new file.
      r.idlePolls = r.size > r.readPos ? 0 : r.idlePolls + 1;
    }
    // While files wait for a free slot, their checkpoints may be among the unmatched: keep them all.
    if (!heldBack) this.known = this.known.filter((cp) => {
      cp.unseenSince ??= Date.now();
      if (++cp.idlePolls <= KEEP_POLLS || Date.now() - cp.unseenSince < KEEP_MS) return true;
      void this.storage?.delete(cp.key).catch(() => undefined);
      return false;
    });
    this.updateGauges();
  }

  private async open(p: string, id: string, size: number): Promise<void> {
    let fd: fsp.FileHandle;
    try {
      fd = await fsp.open(p, 'r');
    } catch (err) {
      this.fileError(p, err as NodeJS.ErrnoException, 'open');
      return;
    }
    let fp: Buffer;
    try {
      fp = await readFingerprint(fd, Math.min(size, this.cfg.fingerprint_size));
    } catch (err) {
      this.fileError(p, err as NodeJS.ErrnoException, 'read');
      await fd.close().catch(() => undefined);
      return;
    }
    if (fp.length === 0 || [...this.readers.values()].some((r) => samePrefix(r.fp, fp))) {
      // Empty, or a copy of a file we already read (copytruncate keeps the old copy under a new name).
      await fd.close();
      return;
    }
    let offset = this.firstRun && this.polls === 1 && this.cfg.start_at === 'end' ? size : 0;
    let skip = Skip.None;
    let storedKey: string | undefined;
    const cp = this.bestCheckpoint(fp);
    if (cp) {
      this.known.splice(this.known.indexOf(cp), 1);
      storedKey = cp.key;
      if (cp.offset <= size) {
        offset = cp.offset;
        skip = cp.skip;
      } else {
        // Same first bytes but shorter than where we were: rewritten in place while we were away.
        offset = 0;
        this.set.logger.info({ path: p, was: cp.offset, size }, 'file_log: file is shorter than its checkpoint; reading from its start');
      }
    }
    const r = new FileReader(++this.seq, p, id, fd, fp, offset, skip, size);
    r.storedKey = storedKey;
    this.readers.set(id, r);
    this.set.logger.debug({ path: p, offset, resumed: !!cp }, 'file_log: watching file');
  }

  private bestCheckpoint(fp: Buffer): Checkpoint | undefined {
    let best: Checkpoint | undefined;
    for (const cp of this.known) {
      if (startsWith(fp, cp.fp) && (!best || cp.fp.length > best.fp.length)) best = cp;
    }
    return best;
  }

  /** copytruncate and in-place rewrites: the same inode now holds different or fewer bytes. */
  private async checkReplaced(r: FileReader): Promise<void> {
    let replaced = r.size < r.readPos;
    let fresh: Buffer | undefined;
    if (!replaced && (r.fp.length < this.cfg.fingerprint_size || r.size >= r.fp.length)) {
      try {
        fresh = await readFingerprint(r.fd, Math.min(r.size, this.cfg.fingerprint_size));
      } catch (err) {
        this.fileError(r.path, err as NodeJS.ErrnoException, 'read');
        return;
      }
      if (!startsWith(fresh, r.fp) && r.fp.length > 0) replaced = true;
      else if (fresh.length > r.fp.length) r.fp = fresh; // a short file grew: its identity grows with it
    }
    if (!replaced) return;
    this.m.rotations.inc({ receiver: this.set.id });
    this.set.logger.info({ path: r.path, offset: r.ackedOffset, size: r.size }, 'file_log: file was truncated or replaced in place; reading it from the start');
    // The old content may live on as a copy (copytruncate): remember where we were in it.
    if (r.fp.length > 0) {
      const retiredKey = r.storedKey ?? r.key;
      const retired: Checkpoint = { key: retiredKey, fp: r.fp, offset: r.ackedOffset, skip: r.ackedSkip, path: r.path, idlePolls: 0 };
      this.known.push(retired);
      if (this.storage && r.storedKey === undefined) await this.persist(retired, undefined);
    }
    try {
      r.fp = await readFingerprint(r.fd, Math.min(r.size, this.cfg.fingerprint_size));
    } catch {
      r.fp = EMPTY;
    }
    r.readOffset = r.ackedOffset = 0;
    r.carry = EMPTY;
    r.skip = r.ackedSkip = Skip.None;
    r.storedKey = undefined;
    r.lastGrowth = Date.now();
  }

  // ---- reading ---------------------------------------------------------------------------

  private async readAll(): Promise<boolean> {
    let more = false;
    const order = [...this.readers.values()].sort((a, b) => a.seq - b.seq); // rotated (older) files first
    for (const r of order) {
      if (this.stopping) break;
      if (!this.readers.has(r.devIno)) continue;
      let turns = 0;
      let state: 'more' | 'eof' | 'blocked' | 'closed' = 'more';
      r.reading = true;
      try {
        // A rotated-away file is read to its end before the others get a turn (best-effort order).
        while (state === 'more' && (turns < TURNS_PER_FILE || r.orphan) && !this.stopping) {
          state = await this.readChunk(r);
          turns++;
        }
      } finally {
        r.reading = false;
      }
      if (state === 'more') more = true;
      if (state === 'blocked') return true; // the window is full for every file alike
      if (state === 'eof' && r.orphan && r.idlePolls >= ORPHAN_POLLS && r.carry.length === 0 && r.inflight.length === 0) await this.retire(r);
    }
    this.updateGauges();
    return more;
  }

  private async readChunk(r: FileReader): Promise<'more' | 'eof' | 'blocked' | 'closed'> {
    if (this.inflight.size >= MAX_INFLIGHT) {
      // Wait for a slot, but come back to discovery at the poll interval (new files get opened).
      await this.sleep(this.cfg.poll_interval);
      if (this.inflight.size >= MAX_INFLIGHT || this.stopping) return 'blocked';
    }
    const carry = r.carry;
    const buf = Buffer.allocUnsafe(carry.length + CHUNK);
    carry.copy(buf);
    let bytesRead: number;
    try {
      ({ bytesRead } = await r.fd.read(buf, carry.length, CHUNK, r.readPos));
    } catch (err) {
      this.fileError(r.path, err as NodeJS.ErrnoException, 'read');
      if (r.inflight.length === 0) await this.retire(r);
      return 'closed';
    }
    if (bytesRead > 0 && !(await this.sameFile(r))) {
      // Truncated (copytruncate) and written again between two polls: what was just read belongs
      // to the new content. Drop it; discovery resets the reader once its deliveries are settled.
      return 'eof';
    }
    const now = Date.now();
    if (bytesRead > 0) r.lastGrowth = now;
    const data = buf.subarray(0, carry.length + bytesRead);
    const quiet = bytesRead === 0 && data.length > 0;
    const flush =
      quiet && ((r.orphan && r.idlePolls >= ORPHAN_POLLS) || (this.cfg.force_flush_period > 0 && now - r.lastGrowth >= this.cfg.force_flush_period));
    if (bytesRead === 0 && !flush) return 'eof';
    if (bytesRead > 0 && this.splitOpts.codec.name === 'utf-8' && !isUtf8Chunk(data, carry.length)) {
      this.m.invalid.inc({ receiver: this.set.id });
      this.warn.warn('utf8:' + r.path, { path: r.path }, 'file_log: invalid UTF-8 bytes replaced with U+FFFD');
    }
    const res = split(data, r.skip, flush, this.splitOpts);
    if (res.cut > 0) {
      this.m.cut.inc({ receiver: this.set.id }, res.cut);
      this.warn.warn('cut:' + r.path, { path: r.path, max_log_size: this.cfg.max_log_size, behavior: this.cfg.max_log_size_behavior }, 'file_log: entry longer than max_log_size');
    }
    const moved = res.consumed > 0 || res.skip !== r.skip;
    r.readOffset += res.consumed;
    r.skip = res.skip;
    // Copy the unfinished tail so it does not pin the whole read buffer.
    r.carry = res.consumed === data.length ? EMPTY : Buffer.from(data.subarray(res.consumed));
    if (res.entries.length > 0) {
      const d = { done: false, offsetAfter: r.readOffset, skipAfter: r.skip };
      r.inflight.push(d);
      const p = this.deliver(r, this.records(r, res.entries)).then((accepted) => {
        this.inflight.delete(p);
        this.wakeAll();
        if (accepted) {
          d.done = true;
          this.advance(r);
        }
      });
      this.inflight.add(p);
    } else if (moved) {
      // Bytes skipped with nothing to deliver still move the checkpoint, in order.
      r.inflight.push({ done: true, offsetAfter: r.readOffset, skipAfter: r.skip });
      this.advance(r);
    }
    return bytesRead === CHUNK || res.entries.length >= MAX_ENTRIES ? 'more' : 'eof';
  }

  /** Whether the file still starts with the bytes it was identified by (read after each chunk). */
  private async sameFile(r: FileReader): Promise<boolean> {
    if (r.fp.length === 0) return true;
    try {
      const now = await readFingerprint(r.fd, r.fp.length);
      return now.equals(r.fp);
    } catch {
      return true; // a read error shows up on the next chunk and is reported there
    }
  }

  private records(r: FileReader, entries: (string | Uint8Array)[]): LogRecord[] {
    const ns = nowNs();
    const base: Attributes = { ...this.cfg.attributes };
    if (this.cfg.include_file_name) base['log.file.name'] = path.basename(r.path);
    if (this.cfg.include_file_path) base['log.file.path'] = r.path;
    const records: LogRecord[] = new Array(entries.length);
    for (let i = 0; i < entries.length; i++) {
      records[i] = makeLogRecord({ timeNs: ns, observedNs: ns, body: entries[i], attributes: { ...base }, resource: this.resource });
    }
    return records;
  }

  /** Offers the batch until it is accepted (or given up and counted); false only when shutdown interrupts. */
  private async deliver(r: FileReader, records: LogRecord[]): Promise<boolean> {
    const retry = this.cfg.retry_on_failure;
    const began = Date.now();
    let delay = retry.initial_interval;
    for (;;) {
      try {
        await this.next.consume(records);
        this.m.accepted.inc(this.labels, records.length);
        return true;
      } catch (err) {
        this.m.refused.inc(this.labels, records.length);
        const giveUp = isPermanent(err) || !retry.enabled || (retry.max_elapsed_time > 0 && Date.now() - began >= retry.max_elapsed_time);
        if (giveUp) {
          this.m.dropped.inc({ receiver: this.set.id }, records.length);
          this.warn.warn('drop', { path: r.path, records: records.length, err: errorMessage(err) }, 'file_log: pipeline rejected log records; dropping them');
          return true;
        }
        let wait = delay * (0.75 + Math.random() * 0.5);
        if (err instanceof RefusedError) wait = Math.max(wait, err.retryAfterSeconds * 1000);
        wait = Math.min(wait, retry.max_interval);
        this.warn.warn('refused', { path: r.path, records: records.length, retry_in_ms: Math.round(wait), err: errorMessage(err) }, 'file_log: pipeline refused log records; holding the reader and retrying');
        const until = Date.now() + wait;
        // Other batches finishing wake every sleeper; keep sleeping until this batch's time.
        while (!this.stopping && Date.now() < until) await this.sleep(until - Date.now());
        if (this.stopping) return false;
        delay = Math.min(delay * 2, retry.max_interval);
      }
    }
  }

  // ---- checkpoints -----------------------------------------------------------------------

  /** Moves the checkpoint over the leading batches that are done; later ones wait for earlier ones. */
  private advance(r: FileReader): void {
    let moved = false;
    while (r.inflight.length > 0 && r.inflight[0].done) {
      const d = r.inflight.shift()!;
      r.ackedOffset = d.offsetAfter;
      r.ackedSkip = d.skipAfter;
      moved = true;
    }
    if (moved) this.commit(r);
  }

  /** Stores the checkpoint; while one write is on its way, later ones fold into the next write. */
  private commit(r: FileReader): void {
    if (!this.storage) return;
    r.commitWanted = true;
    if (r.committing) return;
    r.committing = (async () => {
      while (r.commitWanted && this.storage) {
        r.commitWanted = false;
        const cp: Checkpoint = { key: r.key, fp: r.fp, offset: r.ackedOffset, skip: r.ackedSkip, path: r.path, idlePolls: 0 };
        const previousKey = r.storedKey;
        r.storedKey = cp.key;
        await this.persist(cp, previousKey);
      }
      r.committing = undefined;
    })();
  }

  private async persist(cp: Checkpoint, previousKey: string | undefined): Promise<void> {
    const storage = this.storage;
    if (!storage) return;
    try {
      await storage.set(cp.key, encodeCheckpoint(cp));
      if (previousKey && previousKey !== cp.key) await storage.delete(previousKey);
    } catch (err) {
      this.warn.warn('persist', { err: errorMessage(err) }, 'file_log: could not store a read offset; lines may repeat after a restart');
    }
  }

  /** Closes a reader; its position stays known for a while in case the file shows up again. */
  private async retire(r: FileReader): Promise<void> {
    if (r.carry.length > 0 && !this.stopping) {
      this.set.logger.debug({ path: r.path, bytes: r.carry.length }, 'file_log: closing a file with an unfinished last entry');
    }
    this.readers.delete(r.devIno);
    await r.committing;
    await r.fd.close().catch(() => undefined);
    if (r.fp.length > 0) {
      this.known.push({ key: r.storedKey ?? checkpointKey(r.fp), fp: r.fp, offset: r.ackedOffset, skip: r.ackedSkip, path: r.path, idlePolls: 0 });
    }
    this.updateGauges();
  }

  // ---- telemetry -------------------------------------------------------------------------

  private fileError(p: string, err: NodeJS.ErrnoException, op: string): void {
    const reason = err.code ?? 'error';
    this.m.errors.inc({ receiver: this.set.id, reason });
    this.warn.warn(`${op}:${p}:${reason}`, { path: p, op, code: err.code, err: err.message }, `file_log: cannot ${op} file`);
  }

  private updateGauges(): void {
    let reading = 0;
    for (const r of this.readers.values()) if (r.size > r.readPos) reading++;
    this.m.open.set({ receiver: this.set.id }, this.readers.size);
    this.m.reading.set({ receiver: this.set.id }, reading);
  }
}

async function withTimeout(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const ok = await Promise.race([p.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)))]);
  clearTimeout(timer);
  return ok;
}

async function readFingerprint(fd: fsp.FileHandle, n: number): Promise<Buffer> {
  if (n <= 0) return EMPTY;
  const buf = Buffer.alloc(n);
  let off = 0;
  while (off < n) {
    const { bytesRead } = await fd.read(buf, off, n - off, off);
    if (bytesRead === 0) break;
    off += bytesRead;
  }
  return off === n ? buf : buf.subarray(0, off);
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
