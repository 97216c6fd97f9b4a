/**
 * Bounded work per request at the OTLP intake: the item cap in both encodings and both signals
 * (a protobuf body is counted by its tags before it is decoded, a JSON body before it is
 * parsed), the memory check before the decode, and decoding that pauses between items.
 */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { NO_HOST, testSettings } from '../../src/component/testing';
import type { ConfigIssue } from '../../src/config/issue';
import type { LogRecord, Span } from '../../src/consumer/consumer';
import { SinkConsumer } from '../../src/consumer/testing';
import { decodeSpanSteps } from '../../src/otlp/decode';
import { encodeLogs, encodeSpans } from '../../src/otlp/encode';
import { sampleLogs, sampleSpans } from '../../src/otlp/testdata';
import { ItemBudget } from '../../src/receiverhelper/limits';
import { silentLogger } from '../../src/telemetry/logger';
import { Metrics } from '../../src/telemetry/metrics';
import { MemoryLimiter } from '../../processors/memory_limiter/processor';
import { otlpJsonLogsTiny, otlpJsonSpansTiny, otlpProtoGroupsTiny, otlpProtoLogsTiny, otlpProtoSpansTiny } from '../../test/hostile/bodies';
import { factory } from './factory';
import type { OtlpReceiver } from './receiver';

const PROTO = 'application/x-protobuf';
const JSON_CT = 'application/json';

async function start(http: Record<string, unknown>) {
  const issues: ConfigIssue[] = [];
  const cfg = factory.config.decode({ protocols: { http: { endpoint: '127.0.0.1:0', ...http } } }, 'otlp', issues)!;
  assert.deepEqual(issues, []);
  const traces = new SinkConsumer<Span>();
  const logs = new SinkConsumer<LogRecord>();
  const rx = factory.create(testSettings('otlp', 'receiver'), cfg, { traces, logs }) as OtlpReceiver;
  await rx.start(NO_HOST);
  return { rx, traces, logs, url: `http://${rx.address}` };
}

async function post(url: string, body: Uint8Array, type: string, gzip = false) {
  const headers: Record<string, string> = { 'Content-Type': type };
  if (gzip) headers['Content-Encoding'] = 'gzip';
  const r = await fetch(url, { method: 'POST', body: gzip ? gzipSync(body) : body, headers });
  return { status: r.status, text: await r.text(), headers: r.headers };
}

/** Spans of `sampleSpans()` repeated to `n` (all in one resource and scope group each). */
const manySpans = (n: number) => Array.from({ length: n }, (_, i) => sampleSpans()[i % 2]);

describe('otlp receiver: bounded work per request', () => {
  let h: Awaited<ReturnType<typeof start>>;
  beforeEach(async () => (h = await start({ max_request_items: 50 })));
  afterEach(() => h.rx.shutdown());

  it('takes bodies within the cap in both encodings and refuses larger ones with 413 in the request encoding', async () => {
    for (const enc of ['proto', 'json'] as const) {
      const type = enc === 'proto' ? PROTO : JSON_CT;
      const ok = await post(`${h.url}/v1/traces`, encodeSpans(manySpans(20), enc), type);
      assert.equal(ok.status, 200, ok.text);
      const over = await post(`${h.url}/v1/traces`, encodeSpans(manySpans(60), enc), type);
      assert.equal(over.status, 413, over.text);
      assert.match(over.text, /request body holds more than max_request_items \(50\) items/);
      assert.equal(over.headers.get('connection'), 'close');
      if (enc === 'json') assert.equal(JSON.parse(over.text).code, 8);
    }
    assert.equal(h.traces.items.length, 40);
    assert.equal((await post(`${h.url}/v1/logs`, encodeLogs(sampleLogs(), 'proto'), PROTO)).status, 200);
  });

  const hostile: [string, string, Buffer, string][] = [
    ['10k empty spans, protobuf', '/v1/traces', otlpProtoSpansTiny(10_000), PROTO],
    ['10k empty log records, protobuf', '/v1/logs', otlpProtoLogsTiny(10_000), PROTO],
    ['10k empty resource groups, protobuf', '/v1/traces', otlpProtoGroupsTiny(10_000), PROTO],
    ['10k {} spans, JSON', '/v1/traces', otlpJsonSpansTiny(10_000), JSON_CT],
    ['10k {} log records, JSON', '/v1/logs', otlpJsonLogsTiny(10_000), JSON_CT],
  ];
  for (const [name, path, body, type] of hostile) {
    it(`refuses too many items before decoding: ${name}`, async () => {
      const r = await post(`${h.url}${path}`, body, type, true);
      assert.equal(r.status, 413, r.text);
      assert.match(r.text, /max_request_items \(50\)/);
    });
  }

  it('counts protobuf items by their tags before decoding any of them', async () => {
    // 60 log records whose insides are not protobuf: decoding even one would be a 400.
    const record = Buffer.from([0x12, 0x02, 0xff, 0xff]);
    const request = (n: number) => {
      const scope = Buffer.concat(Array.from({ length: n }, () => record));
      const len = (l: number) => (l < 0x80 ? [l] : [(l & 0x7f) | 0x80, l >> 7]);
      const group = Buffer.concat([Buffer.from([0x12, ...len(scope.length)]), scope]);
      return Buffer.concat([Buffer.from([0x0a, ...len(group.length)]), group]);
    };
    const r = await post(`${h.url}/v1/logs`, request(60), PROTO);
    assert.equal(r.status, 413, r.text);
    const few = request(5);
    assert.equal((await post(`${h.url}/v1/logs`, few, PROTO)).status, 400, 'within the cap, the same records are decoded and refused as bad input');
  });

  it('counts span events and links, which cost about what a span does', async () => {
    const span = sampleSpans()[0];
    const heavy = { ...span, events: Array.from({ length: 60 }, () => span.events[0] ?? { name: 'e', time: span.startTime }) };
    const r = await post(`${h.url}/v1/traces`, encodeSpans([heavy], 'proto'), PROTO);
    assert.equal(r.status, 413, r.text);
  });

  it('answers 503 + Retry-After without decoding while a memory_limiter is over its limit', async () => {
    const limiter = new MemoryLimiter(new SinkConsumer<LogRecord>(), { hard: 100, soft: 80 }, 60_000, {
      id: 'memory_limiter', signal: 'logs', logger: silentLogger(), metrics: new Metrics(), gauge: { read: () => 90 },
    });
    await limiter.start();
    try {
      const r = await post(`${h.url}/v1/traces`, Buffer.from('not protobuf'), PROTO);
      assert.equal(r.status, 503);
      assert.equal(r.headers.get('retry-after'), '1');
    } finally {
      await limiter.shutdown();
    }
    assert.equal((await post(`${h.url}/v1/traces`, Buffer.from('not protobuf'), PROTO)).status, 400);
  });
});

describe('otlp decoders pause between items', () => {
  it('decoding then converting N spans pauses about 2N/256 times, with the same spans as at once', () => {
    const body = encodeSpans(manySpans(1024), 'proto');
    const steps = decodeSpanSteps(body, 'proto', new ItemBudget(1e6));
    let pauses = 0;
    let r = steps.next();
    while (!r.done) {
      pauses++;
      r = steps.next();
    }
    assert.equal(r.value.length, 1024);
    // One pause after the count, then every 256 items while decoding and while converting.
    assert.equal(pauses, 1 + 4 + 4);
  });
});
