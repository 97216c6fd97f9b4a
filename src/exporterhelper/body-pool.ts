/**
 * Buffers for export request bodies, reused once a request is done with. A request waits for its
 * answer, and at a steady rate that is longer than the young generation keeps anything: a fresh
 * buffer per body outlived it and waited for a full collection (at 10k spans/s, 0.8 MiB a second
 * of bodies against a backend that answers in tens of milliseconds), and the C allocator kept the
 * pages the heap grew to for them. Reused, the same few buffers carry every body.
 *
 * A lease is given back once, by whoever ends the request's life (see ExporterSpec.release); one
 * never given back is only garbage, so the only rule is not to give one back while it is in use.
 */

/** A pooled buffer lent to one body. */
export interface Lease {
  readonly buf: Buffer;
  returned: boolean;
}

/** The smallest buffer lent: smaller bodies share its size class. */
const MIN_CLASS = 16 * 1024;

export class BodyPool {
  private readonly free = new Map<number, Buffer[]>();
  private freeBytes = 0;

  /**
   * @param maxBody bodies larger than this are copied into a buffer of their own, not pooled
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
    const size = classOf(n);
    const list = this.free.get(size);
    let buf = list?.pop();
    if (buf) this.freeBytes -= size;
    else buf = Buffer.allocUnsafeSlow(size);
    buf.set(bytes, 0);
    return { body: buf.subarray(0, n), lease: { buf, returned: false } };
  }

  /** Gives a lease back; a second call for the same lease does nothing. */
  release(lease: Lease): void {
    if (lease.returned) return;
    lease.returned = true;
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
