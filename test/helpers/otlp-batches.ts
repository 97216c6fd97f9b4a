/**
 * What the OTLP end-to-end tests feed the CLI and read back: protobuf span batches whose ids are
 * unique per batch (so a duplicate shows), a free loopback port, one value of /metrics, and a
 * config's exporter queue moved to disk.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { makeSpan } from '../../src/data/builders';
import { encodeSpans } from '../../src/otlp/encode';
import { startCollector, type RunningCollector } from './collector';
import { OtlpSink, type RecordingSink } from './sink';

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

/** `sending_queue` on a file_storage extension, for the exporter block of a config. */
export const PERSISTENT_QUEUE = `
    sending_queue:
      storage: file_storage`;

/** `yaml` with a file_storage extension in a fresh directory, started by the service. */
export function withFileStorage(yaml: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'otlp-cli-q-'));
  return yaml.replace('service:\n', `extensions:\n  file_storage:\n    directory: ${JSON.stringify(dir)}\nservice:\n  extensions: [file_storage]\n`);
}

/**
 * The second half of a kill -9 scenario: kills `c` (its queue holds `spans` spans for a backend
 * that was down), starts the backend with `up` and the CLI again on `cfg`, and checks that every
 * span arrives once. Returns what now runs, for the test's cleanup.
 */
export async function killAndRestart<S extends RecordingSink<unknown>>(
  c: RunningCollector,
  cfg: string,
  up: () => Promise<S>,
  spans: number,
): Promise<{ collector: RunningCollector; sink: S }> {
  c.child.kill('SIGKILL');
  await c.waitForExit();
  const sink = await up();
  const collector = await startCollector(cfg);
  try {
    await sink.waitFor((s) => s.spans.length >= spans, 15000);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(sink.spans.length, spans);
    assert.equal(new Set(sink.spans.map((s) => s.spanId)).size, spans);
  } catch (err) {
    await collector.stop('SIGKILL');
    throw err;
  }
  return { collector, sink };
}
