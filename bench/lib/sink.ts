import { startChild, type Child } from './child';
import type { SinkOptions, SinkStats } from './sink-child';
import { sleep } from './stats';

export type { SinkStats };

/** The counting sink (sink-child.ts) in its own process. */
export class CountingSink {
  private constructor(private readonly child: Child, readonly url: string) {}

  static async start(opts: SinkOptions = {}): Promise<CountingSink> {
    const c = await startChild('sink-child.ts', opts);
    return new CountingSink(c, String(c.hello.url));
  }

  get pid(): number {
    return this.child.proc.pid!;
  }

  stats(): Promise<SinkStats> {
    return this.child.ask<SinkStats>('stats');
  }

  /** Latencies (ms) collected since the last call. */
  takeLatencies(): Promise<number[]> {
    return this.child.ask<number[]>('takeLatencies');
  }

  /** The newest request body it received, uncompressed. */
  async lastBody(): Promise<Buffer> {
    return Buffer.from(await this.child.ask<string>('lastBody'), 'base64');
  }

  /** Waits until the sink holds at least `items`, or the count stops moving for `quietMs`, or `timeoutMs`. */
  async waitFor(items: number, timeoutMs: number, quietMs = Infinity): Promise<SinkStats> {
    const deadline = Date.now() + timeoutMs;
    let last = -1;
    let since = Date.now();
    for (;;) {
      const s = await this.stats();
      if (s.items >= items) return s;
      if (s.items !== last) {
        last = s.items;
        since = Date.now();
      }
      if (Date.now() > deadline || Date.now() - since > quietMs) return s;
      await sleep(20);
    }
  }

  close(): void {
    this.child.kill();
  }
}
