/**
 * The point windows of one log_pipeline processor (point_window/window_hit): the records its
 * scripts dropped around an error line, held per stream, bounded, counted, and let go under memory
 * pressure or at shutdown. Held records are not waited for: the script dropped them, so their batch
 * is acknowledged as processed; a hit later sends them with the batch that hit.
 */
import type { CreateSettings } from '../../src/component/component';
import type { LogRecord } from '../../src/consumer/consumer';
import { PointWindows, type WindowRequest } from '../../src/lang';
import { holdMemory } from '../../src/util/pressure';
import { estimateBytes } from './join';

/** The `point_windows` keys: what all windows of a processor may hold together. */
export interface WindowBounds {
  max_records: number;
  max_mib: number;
  max_streams: number;
}

const NOTHING: readonly LogRecord[] = Object.freeze([]);

export const DEFAULT_WINDOW_BOUNDS: WindowBounds = { max_records: 10000, max_mib: 16, max_streams: 1000 };

/** The file a record was read from: a stream of one file never mixes with another's. */
function fileOf(r: LogRecord): string {
  const v = r.attributes['log.file.path'] ?? r.attributes['log.file.name'];
  return typeof v === 'string' ? v : '';
}

export class RecordWindows {
  private readonly windows: PointWindows<LogRecord>;
  private readonly released;
  private readonly forgotten;
  private counted = 0;
  private unhold?: () => void;
  /**
   * What settle() answered for each record, while the record lives. A refused batch is offered again
   * with the same records (file_log's retry): they move no window a second time, and the records a
   * hit released are sent again with it, so a refused export of the hitting batch loses none.
   */
  private readonly settled = new WeakMap<LogRecord, readonly LogRecord[]>();

  constructor(bounds: WindowBounds, private readonly set: CreateSettings) {
    this.windows = new PointWindows<LogRecord>({
      maxStreams: bounds.max_streams,
      maxHeld: bounds.max_records,
      maxHeldBytes: bounds.max_mib * 1024 * 1024,
      sizeOf: (r) => estimateBytes(r, typeof r.body === 'string' ? r.body.length : 0),
    });
    this.released = set.metrics.counter('otelcol_processor_log_pipeline_window_released_log_records', 'Records a script dropped that were forwarded because a point window kept them around a window_hit()', ['processor']);
    this.forgotten = set.metrics.counter('otelcol_processor_log_pipeline_window_forgotten_log_records', 'Records held in a point window let go before a hit could release them: over point_windows bounds, under memory pressure, or at shutdown', ['processor']);
  }

  /** Held records are visible to memory_limiter and let go when it goes over its soft limit. */
  start(): void {
    this.unhold ??= holdMemory({ heldBytes: () => this.windows.heldBytes, relieve: () => this.forget() });
  }

  /**
   * After a run that registered a window: `mapped` is the record the run made (dropped or not),
   * `original` the record it came from. Returns the records to forward before `mapped` (or
   * instead of it when dropped), oldest first.
   */
  settle(req: WindowRequest, script: string, original: LogRecord, mapped: LogRecord, dropped: boolean): readonly LogRecord[] {
    const again = this.settled.get(original);
    if (again) return again;
    const stream = `${script}\u0000${fileOf(original)}\u0000${req.stream}`;
    const out = this.windows.settle({ ...req, stream }, mapped, dropped);
    this.settled.set(original, out.length ? out : NOTHING);
    if (out.length) this.released.inc({ processor: this.set.id }, out.length);
    this.count();
    return out;
  }

  /**
   * As Datakit when a script is cleaned up (ptwindow's deprecated(): the held points go back to the
   * pool unsent), held records are dropped at shutdown: no error line came for them.
   */
  shutdown(): void {
    const n = this.forget();
    if (n) this.set.logger.info({ records: n }, 'Dropped the records point windows held: no window_hit() came for them before shutdown');
    this.unhold?.();
    this.unhold = undefined;
  }

  private forget(): number {
    const n = this.windows.forget();
    this.count();
    return n;
  }

  private count(): void {
    const n = this.windows.forgotten - this.counted;
    if (n > 0) this.forgotten.inc({ processor: this.set.id }, n);
    this.counted = this.windows.forgotten;
  }
}
