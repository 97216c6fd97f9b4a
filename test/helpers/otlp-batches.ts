/**
 * What the OTLP end-to-end tests feed the CLI and read back: protobuf span batches whose ids are
 * unique per batch (so a duplicate shows), a free loopback port, and one value of /metrics.
 */
import { resourceFromAttributes } from '@opentelemetry/resources';
import { makeSpan } from '../../src/data/builders';
import { encodeSpans } from '../../src/otlp/encode';
import type { RunningCollector } from './collector';
import { OtlpSink } from './sink';

const resource = resourceFromAttributes({ 'service.name': 'fault-test' });

/** A protobuf OTLP body of `n` spans with ids unique to `batch`, so duplicates are visible. */
export function spanBody(batch: number, n = 10): Buffer {
  const spans = Array.from({ length: n }, (_, i) =>
    makeSpan({
      traceId: batch.toString(16).padStart(16, '0') + (i + 1).toString(16).padStart(16, '0'),
      spanId: ((batch << 12) + i + 1).toString(16).padStart(16, '0'),
      name: `op-${batch}-${i}`,
      startNs: 1_700_000_000_000_000_000n + BigInt(i),
      endNs: 1_700_000_000_000_001_000n,
      attributes: { payload: 'x'.repeat(200) },
      resource,
    }),
  );
  return Buffer.from(encodeSpans(spans, 'proto'));
}

/** The first capture group of `re` in the collector's /metrics, as a number (0 when absent). */
export async function metric(c: RunningCollector, re: RegExp): Promise<number> {
  const text = await (await fetch(c.metricsUrl)).text();
  const m = re.exec(text);
  return m ? Number(m[1]) : 0;
}

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const s = await OtlpSink.start();
  const p = s.port;
  await s.close();
  return p;
}
