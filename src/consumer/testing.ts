import type { Consumer } from './consumer';

/** A recording consumer for tests: keeps every accepted batch; can be told to fail. */
export class SinkConsumer<T> implements Consumer<T> {
  readonly batches: T[][] = [];
  failWith: Error | undefined;
  delayMs = 0;

  get items(): T[] {
    return this.batches.flat();
  }

  async consume(batch: T[]): Promise<void> {
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failWith) throw this.failWith;
    this.batches.push(batch);
  }

  /** Resolves once at least `n` items have been accepted, or rejects after `timeoutMs`. */
  async waitForItems(n: number, timeoutMs = 5000): Promise<T[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.items.length < n) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${n} items, have ${this.items.length}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.items;
  }
}
