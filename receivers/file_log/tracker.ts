/**
 * Which files are read: finds them by glob at each poll, knows each by its first bytes across renames
 * and copies, resumes it from the best checkpoint, notices a file truncated or replaced in place, and
 * retires files rotated away while keeping their positions known for a while.
 */
import { promises as fsp } from 'node:fs';
import type { Logger } from '../../src/telemetry/logger';
import type { Checkpoint, CheckpointStore } from './checkpoint';
import type { Config } from './config';
import { EMPTY, readFingerprint, samePrefix, startsWith } from './fingerprint';
import { union, type GlobMatch, type Matcher } from './glob';
import { FileReader, type ReaderSettings } from './reader';
import { Skip } from './split';

/** Polls a checkpoint with no file is remembered (rotation may show the file again under a new name). */
const KEEP_POLLS = 30;
/**
 * A checkpoint whose file is not seen is kept at least this long as well as KEEP_POLLS polls: a
 * log directory that shows up a while after a restart must resume, not be read again.
 */
const KEEP_MS = 10 * 60 * 1000;

export interface TrackerSettings {
  cfg: Config;
  matcher: Matcher;
  store: CheckpointStore;
  /** Checkpoints restored from storage, matched by fingerprint as files show up. */
  known: Checkpoint[];
  /** No run has started with this storage before: `start_at` applies. */
  firstRun: boolean;
  logger: Logger;
  reader: ReaderSettings;
}

export class Tracker {
  /** Open files by dev:ino. */
  readonly readers = new Map<string, FileReader>();
  /** Positions with no open file: retired, rotated away, or restored and not yet seen. */
  known: Checkpoint[];
  private seq = 0;
  private polls = 0;
  /** Include globs already reported as matching nothing. */
  private readonly warned = new Set<string>();

  constructor(private readonly s: TrackerSettings) {
    this.known = s.known;
  }

  private get cfg(): Config {
    return this.s.cfg;
  }

  private get tel() {
    return this.s.reader.telemetry;
  }

  /** One poll: opens new matches, re-checks known files, marks the ones gone as orphans. */
  async discover(): Promise<void> {
    this.polls++;
    const matches = await this.s.matcher.matchEach((dir, err) => this.tel.fileError(dir, err, 'list'));
    const paths = union(matches);
    const files = new Set<string>();
    const seen = new Set<string>();
    let heldBack = false;
    for (const p of paths) {
      let st;
      try {
        st = await fsp.stat(p, { bigint: false });
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code !== 'ENOENT') this.tel.fileError(p, e, 'stat');
        continue;
      }
      if (!st.isFile()) continue;
      files.add(p);
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
        this.tel.warn.warn('max_files', { max: this.cfg.max_concurrent_files }, 'max_concurrent_files reached; further files wait');
        continue;
      }
      await this.open(p, id, st.size);
    }
    for (const [id, r] of this.readers) {
      if (seen.has(id)) continue;
      if (!r.orphan) {
        r.orphan = true;
        this.s.logger.debug({ path: r.path }, 'File rotated away or deleted; reading what is left');
      }
      try {
        r.size = (await r.fd.stat()).size;
      } catch (err) {
        this.tel.fileError(r.path, err as NodeJS.ErrnoException, 'stat');
      }
      // Polls in a row with nothing new: the writer has moved on to the new file.
      r.idlePolls = r.size > r.readPos ? 0 : r.idlePolls + 1;
    }
    // While files wait for a free slot, their checkpoints may be among the unmatched: keep them all.
    if (!heldBack) this.forgetStale();
    await this.warnUnmatched(matches, files);
    this.updateGauges();
  }

  /** Once per glob: a typo or a wrong directory would otherwise read nothing without a word. */
  private async warnUnmatched(matches: GlobMatch[], files: Set<string>): Promise<void> {
    for (const m of matches) {
      if (this.warned.has(m.glob) || m.paths.some((p) => files.has(p))) continue;
      this.warned.add(m.glob);
      const dir = await fsp.stat(m.dir).then(
        (st) => (st.isDirectory() ? '' : ', which is not a directory'),
        () => ', which does not exist',
      );
      this.s.logger.warn({ glob: m.glob, directory: m.dir }, `No file matches the glob "${m.glob}" (looked in "${m.dir}"${dir}); files that show up later are read`);
    }
  }

  private forgetStale(): void {
    this.known = this.known.filter((cp) => {
      cp.unseenSince ??= Date.now();
      if (++cp.idlePolls <= KEEP_POLLS || Date.now() - cp.unseenSince < KEEP_MS) return true;
      this.s.store.forget(cp.key);
      return false;
    });
  }

  private async open(p: string, id: string, size: number): Promise<void> {
    let fd: fsp.FileHandle;
    try {
      fd = await fsp.open(p, 'r');
    } catch (err) {
      this.tel.fileError(p, err as NodeJS.ErrnoException, 'open');
      return;
    }
    let fp: Buffer;
    try {
      fp = await readFingerprint(fd, Math.min(size, this.cfg.fingerprint_size));
    } catch (err) {
      this.tel.fileError(p, err as NodeJS.ErrnoException, 'read');
      await fd.close().catch(() => undefined);
      return;
    }
    if (fp.length === 0 || [...this.readers.values()].some((r) => samePrefix(r.fp, fp))) {
      // Empty, or a copy of a file we already read (copytruncate keeps the old copy under a new name).
      await fd.close();
      return;
    }
    let offset = this.s.firstRun && this.polls === 1 && this.cfg.start_at === 'end' ? size : 0;
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
        this.s.logger.info({ path: p, was: cp.offset, size }, 'File is shorter than its checkpoint; reading it from its start');
      }
    }
    this.readers.set(id, new FileReader(++this.seq, p, id, fd, fp, { offset, skip, storedKey }, size, this.s.reader));
    this.s.logger.debug({ path: p, offset, resumed: !!cp }, 'Watching a file');
  }

  /** The known checkpoint with the longest fingerprint that this file starts with. */
  private bestCheckpoint(fp: Buffer): Checkpoint | undefined {
    let best: Checkpoint | undefined;
    for (const cp of this.known) {
      if (startsWith(fp, cp.fp) && (!best || cp.fp.length > best.fp.length)) best = cp;
    }
    return best;
  }

  /** copytruncate and in-place rewrites: the same inode now holds different or fewer bytes. */
  private async checkReplaced(r: FileReader): Promise<void> {
    // Fewer bytes than were read, or than its identity: files shrink only by truncation.
    let replaced = r.size < r.readPos || r.size < r.fp.length;
    if (!replaced) {
      let fresh: Buffer;
      try {
        fresh = await readFingerprint(r.fd, Math.min(r.size, this.cfg.fingerprint_size));
      } catch (err) {
        this.tel.fileError(r.path, err as NodeJS.ErrnoException, 'read');
        return;
      }
      if (!startsWith(fresh, r.fp) && r.fp.length > 0) replaced = true;
      else if (fresh.length > r.fp.length) r.fp = fresh; // a short file grew: its identity grows with it
    }
    if (!replaced) return;
    this.tel.rotated();
    this.s.logger.info({ path: r.path, offset: r.progress.offset, size: r.size }, 'File was truncated or replaced in place; reading it from its start');
    // The old content may live on as a copy (copytruncate): remember where we were in it.
    if (r.fp.length > 0) {
      const retired = r.checkpoint(r.progress.storedKey ?? r.key);
      this.known.push(retired);
      if (r.progress.storedKey === undefined) await this.s.store.persist(retired);
    }
    let fp: Buffer;
    try {
      fp = await readFingerprint(r.fd, Math.min(r.size, this.cfg.fingerprint_size));
    } catch {
      fp = EMPTY;
    }
    r.reset(fp);
  }

  /** Closes a reader; its position stays known for a while in case the file shows up again. */
  async retire(r: FileReader): Promise<void> {
    if (r.carry.length > 0) this.s.logger.debug({ path: r.path, bytes: r.carry.length }, 'Closing a file with an unfinished last entry');
    this.readers.delete(r.devIno);
    await r.progress.committing;
    await r.close();
    if (r.fp.length > 0) this.known.push(r.checkpoint(r.progress.storedKey ?? r.key));
    this.updateGauges();
  }

  /** At shutdown: lets checkpoint writes finish and closes every file. */
  async closeAll(): Promise<void> {
    const readers = [...this.readers.values()];
    await Promise.all(readers.map((r) => r.progress.committing));
    await Promise.allSettled(readers.map((r) => r.close()));
    this.readers.clear();
    this.updateGauges();
  }

  updateGauges(): void {
    this.tel.gauges(this.readers.values());
  }
}
