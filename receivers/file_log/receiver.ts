/**
 * The `file_log` receiver's lifecycle and run loop: poll for files (tracker.ts), read them in turn
 * (reader.ts), hand their records downstream, and move each file's checkpoint (checkpoint.ts) as the
 * pipeline accepts them.
 */
import type { Component, CreateSettings, Host } from '../../src/component/component';
import type { LogsConsumer } from '../../src/consumer/consumer';
import { errorMessage } from '../../src/consumer/errors';
import { ResourceCache } from '../../src/data/resource';
import { deliverWithBackoff, type DeliverOutcome } from '../../src/receiverhelper/deliver';
import { BufferPool } from '../../src/util/buffer-pool';
import { withDeadline } from '../../src/util/deadline';
import { restoreCheckpoints, type CheckpointStore } from './checkpoint';
import { codecFor } from './codec';
import type { Config } from './config';
import { Matcher } from './glob';
import { CHUNK, type ChunkRecords, type FileReader, type ReaderSettings } from './reader';
import { FileLogTelemetry } from './telemetry';
import { Tracker } from './tracker';

/** Records handed downstream in one batch at most. */
const MAX_ENTRIES = 2048;
/**
 * Batches in flight at once (all files together): enough to fill a downstream batch
 * processor (8192 records) without waiting for its timeout, and the bound on how far
 * reading runs ahead of a slow or refusing pipeline.
 */
const MAX_INFLIGHT = 8;
/** Chunks one file may read before the others get a turn. */
const TURNS_PER_FILE = 16;
/** How long shutdown waits for batches still being delivered (their lines are read again next start). */
const SHUTDOWN_MS = 5000;

type Turn = 'more' | 'eof' | 'blocked' | 'closed';

/**
 * Tails files found by glob, identifies them by their first bytes, and offers their entries
 * downstream in batches. A file's checkpoint advances past a batch only once `consume` resolved
 * for it and for every batch before it; a refused batch is offered again with backoff while
 * reading stops at MAX_INFLIGHT batches, so a crash repeats at most the batches in flight and a
 * slow pipeline slows reading instead of losing lines.
 */
export class FileLogReceiver implements Component {
  private readonly tel: FileLogTelemetry;
  private readonly readerSettings: ReaderSettings;
  private store: CheckpointStore | undefined;
  private tracker: Tracker | undefined;
  private lastPoll = 0;
  private stopping = false;
  private started = false;
  private loop: Promise<void> | undefined;
  /** Fires at shutdown: a batch waiting for its retry stops waiting. */
  private readonly abort = new AbortController();
  /** Sleepers (poll wait, window wait) that shutdown or a finished batch wakes early. */
  private readonly wakers = new Set<() => void>();
  private readonly inflight = new Set<Promise<void>>();

  constructor(
    private readonly set: CreateSettings,
    private readonly cfg: Config,
    private readonly next: LogsConsumer,
  ) {
    this.tel = new FileLogTelemetry(set);
    this.readerSettings = readerSettings(cfg, this.tel);
  }

  async start(host: Host): Promise<void> {
    const onPersistError = (err: unknown) =>
      this.tel.warn.warn('persist', { err: errorMessage(err) }, 'Could not store a read offset; lines may repeat after a restart');
    const { store, known, firstRun } = await restoreCheckpoints(host, this.cfg.storage, this.set.id, onPersistError);
    if (store.durable) {
      this.set.logger.info({ checkpoints: known.length, firstRun }, 'Restored read offsets');
    } else {
      this.set.logger.warn({ receiver: this.set.id }, 'No storage: read offsets are kept in memory only, so a restart applies start_at again');
    }
    this.store = store;
    this.tracker = new Tracker({
      cfg: this.cfg,
      matcher: new Matcher(this.cfg.include, this.cfg.exclude),
      store,
      known,
      firstRun,
      logger: this.set.logger,
      reader: this.readerSettings,
    });
    this.started = true;
    this.loop = this.run(this.tracker);
  }

  async shutdown(): Promise<void> {
    if (!this.started || this.stopping) return;
    this.stopping = true;
    this.abort.abort();
    this.wakeAll();
    // The loop may still hand over the batch of a read that was under way: the batches in flight
    // are counted once it has ended, or that last one's lines would be exported with no checkpoint
    // after them and read again on the next start. A consume that never answers must not hold
    // shutdown forever; its lines are re-read next start.
    const drained = (async () => {
      await this.loop;
      await Promise.all([...this.inflight]);
    })();
    const settled = await withDeadline(drained, SHUTDOWN_MS);
    if (!settled) this.set.logger.warn('Batches were still being delivered at shutdown; they will be read again on the next start');
    await this.tracker?.closeAll();
    const store = this.store;
    this.store = undefined;
    await store?.close();
  }

  private async run(tracker: Tracker): Promise<void> {
    while (!this.stopping) {
      let more = false;
      try {
        if (Date.now() - this.lastPoll >= this.cfg.poll_interval) {
          this.lastPoll = Date.now();
          await tracker.discover();
        }
        more = await this.readAll(tracker);
      } catch (err) {
        this.tel.warn.warn('loop', { err: errorMessage(err) }, 'Unexpected error in the read loop; continuing');
      }
      if (!more && !this.stopping) {
        await this.sleep(Math.max(1, this.lastPoll + this.cfg.poll_interval - Date.now()));
      }
    }
  }

  /** Gives every open file its turn; true when some file has more to read right away. */
  private async readAll(tracker: Tracker): Promise<boolean> {
    let more = false;
    const order = [...tracker.readers.values()].sort((a, b) => a.seq - b.seq); // rotated (older) files first
    for (const r of order) {
      if (this.stopping) break;
      if (!tracker.readers.has(r.devIno)) continue;
      let turns = 0;
      let state: Turn = 'more';
      r.reading = true;
      try {
        // A rotated-away file is read to its end before the others get a turn (best-effort order).
        while (state === 'more' && (turns < TURNS_PER_FILE || r.orphan) && !this.stopping) {
          state = await this.readAndDeliver(tracker, r);
          turns++;
        }
      } finally {
        r.reading = false;
      }
      if (state === 'more') more = true;
      if (state === 'blocked') return true; // the window is full for every file alike
      if (state === 'eof' && r.abandoned && r.carry.length === 0 && r.progress.inflight === 0) await tracker.retire(r);
    }
    tracker.updateGauges();
    return more;
  }

  /** One chunk of `r`: its records go downstream, and its checkpoint moves as they are accepted. */
  private async readAndDeliver(tracker: Tracker, r: FileReader): Promise<Turn> {
    if (this.inflight.size >= MAX_INFLIGHT) {
      // Wait for a slot, but come back to discovery at the poll interval (new files get opened).
      await this.sleep(this.cfg.poll_interval);
      if (this.inflight.size >= MAX_INFLIGHT || this.stopping) return 'blocked';
    }
    const chunk = await r.readChunk();
    if (chunk.state === 'error') {
      if (r.progress.inflight === 0) await tracker.retire(r);
      return 'closed';
    }
    if (chunk.records) {
      const d = r.progress.add(r.readOffset, r.skip);
      const p = this.deliver(r, chunk.records).then((accepted) => {
        this.inflight.delete(p);
        this.wakeAll();
        if (accepted) {
          d.done = true;
          this.advance(r);
        }
      });
      this.inflight.add(p);
    } else if (chunk.moved) {
      // Bytes skipped with nothing to deliver still move the checkpoint, in order.
      r.progress.add(r.readOffset, r.skip, true);
      this.advance(r);
    }
    return chunk.state;
  }

  /** The one place a batch is offered downstream; false only when shutdown interrupts its retries. */
  private async deliver(r: FileReader, records: ChunkRecords): Promise<boolean> {
    let out: DeliverOutcome;
    try {
      out = await deliverWithBackoff(this.next, records, this.cfg.retry_on_failure, this.abort.signal, {
        obs: this.tel.obs,
        onRetry: (waitMs, err) => this.tel.retrying(r.path, records.count, err, waitMs),
      });
    } finally {
      records.release();
    }
    if (out.ok) return true;
    if (out.reason === 'interrupted') return false;
    this.tel.dropped(r.path, records.count, out.error);
    return true;
  }

  private advance(r: FileReader): void {
    if (r.progress.advance()) this.store?.commit(r);
  }

  /** Resolves after `ms`, or earlier on shutdown and when a batch finishes. */
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
}

/** What the readers of a receiver with `cfg` share. */
export function readerSettings(cfg: Config, telemetry: FileLogTelemetry): ReaderSettings {
  const ml = cfg.multiline;
  return {
    split: {
      codec: codecFor(cfg.encoding),
      maxLogSize: cfg.max_log_size,
      truncate: cfg.max_log_size_behavior === 'truncate',
      startPattern: ml.line_start_pattern !== undefined ? new RegExp(ml.line_start_pattern) : undefined,
      endPattern: ml.line_end_pattern !== undefined ? new RegExp(ml.line_end_pattern) : undefined,
      maxEntries: MAX_ENTRIES,
    },
    fingerprintSize: cfg.fingerprint_size,
    maxLogSize: cfg.max_log_size,
    maxLogSizeBehavior: cfg.max_log_size_behavior,
    forceFlushMs: cfg.force_flush_period,
    attributes: cfg.attributes,
    includeFileName: cfg.include_file_name,
    includeFilePath: cfg.include_file_path,
    resource: new ResourceCache().get({ ...cfg.resource }),
    telemetry,
    // Enough for every batch in flight and the read under way; a longer carried entry's buffer is its own.
    buffers: new BufferPool(1024 * 1024, (MAX_INFLIGHT + 1) * CHUNK),
  };
}
