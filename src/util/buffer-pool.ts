/**
 * Buffers reused once their holder is done with them, for bytes that must wait longer than the
 * young generation keeps anything: an export request body waits for its answer; a file chunk waits
 * until its records are exported, in case they must be made again for a retry. A fresh buffer per
 * body or chunk outlived the young generation and waited for a full collection (at 10k spans/s,
 * 0.8 MiB a second of bodies against a backend that answers in tens of milliseconds), and the C
 * allocator kept the pages the heap grew to for them. Reused, the same few buffers carry them all.
 *
 * A lease is given back once, by whoever ends the bytes' life; one never given back is only
 * garbage, so the only rule is not to give one back while it is in use.
 */

/** A buffer lent to one holder (`pooled` false: made for it alone, too large to pool). */
export interface Lease {
  readonly buf: Buffer;
  returned: boolean;
  readonly pooled: boolean;
}

/** The smallest buffer lent: smaller requests share its size class. */
const MIN_CLASS = 16 * 1024;

export class BufferPool {
  private readonly free = new Map<number, Buffer[]>();
  private freeBytes = 0;

  /**
   * @param maxBody requests larger than this get a buffer of their own, not pooled
   * @param maxFreeBytes what the pool keeps idle at most; buffers given back beyond it are dropped
   */
  constructor(
    private readonly maxBody = 1024 * 1024,
    private readonly maxFreeBytes = 4 * 1024 * 1024,
  ) {}

  /** `bytes` copied into a pooled buffer (with its lease), or into one of its own when too large. */
  copy(bytes: Uint8Array): { body: Buffer; lease?: Lease } {
    const n = bytes.length;
    if (n > this.maxBody) return { body: Buffer.from(bytes) };
    const lease = this.lease(n);
    lease.buf.set(bytes, 0);
    return { body: lease.buf.subarray(0, n), lease };
  }

  /**
   * A buffer of at least `n` bytes, uninitialised: its size class (a power of two from 16 KiB)
   * when pooled, exactly `n` when `n` is past the pooled sizes.
   */
  lease(n: number): Lease {
    if (n > this.maxBody) return { buf: Buffer.allocUnsafeSlow(n), returned: false, pooled: false };
    const size = classOf(n);
    const list = this.free.get(size);
    let buf = list?.pop();
    if (buf) this.freeBytes -= size;
    else buf = Buffer.allocUnsafeSlow(size);
    return { buf, returned: false, pooled: true };
  }

  /** Gives a lease back; a second call for the same lease does nothing. */
  release(lease: Lease): void {
    if (lease.returned) return;
    lease.returned = true;
    if (!lease.pooled) return;
    const size = lease.buf.length;
    if (this.freeBytes + size > this.maxFreeBytes) return;
    let list = this.free.get(size);
    if (!list) this.free.set(size, (list = []));
    list.push(lease.buf);
    this.freeBytes += size;
  }

  /** Bytes held idle (for the tests). */
  get idleBytes(): number {
    return this.freeBytes;
  }
}

function classOf(n: number): number {
  let size = MIN_CLASS;
  while (size < n) size *= 2;
  return size;
}
