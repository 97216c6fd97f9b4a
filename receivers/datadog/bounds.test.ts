/**
 * Bounded work per request at the datadog intake: the item cap for every version and encoding
 * (refused at the first header that exceeds it), the memory check before the decode, and
 * decoding that pauses between spans.
 */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { NO_HOST, testSettings } from '../../src/component/testing';
import type { Span } from '../../src/consumer/consumer';
import { SinkConsumer } from '../../src/consumer/testing';
import { defaults } from '../../src/config/schema';
import { silentLogger } from '../../src/telemetry/logger';
import { Metrics } from '../../src/telemetry/metrics';
import { ItemBudget } from '../../src/receiverhelper/limits';
import { MemoryLimiter } from '../../processors/memory_limiter/processor';
import { ddJsonTiny, ddV04Tiny, ddV05Tiny, ddV07Tiny } from '../../test/hostile/bodies';
import { config } from './config';
import { decodeTraceSteps } from './decode';
import { factory } from './factory';
import type { DatadogReceiver } from './receiver';
import { encodeV05, toMsgpack } from './testing';

const T = 1700000000000000000n;
const span = (i: number, meta: Record<string, string> = {}) => ({ service: 's', name: 'op', resource: 'r', trace_id: 7n, span_id: BigInt(i + 1), parent_id: 0n, start: T, duration: 1, meta });

async function start(over: Record<string, unknown> = {}) {
  const sink = new SinkConsumer<Span>();
  const rx = factory.create(testSettings('datadog', 'receiver'), { ...defaults(config), endpoint: '127.0.0.1:0', ...over }, { traces: sink }) as DatadogReceiver;
  await rx.start(NO_HOST);
  return { rx, sink, url: `http://127.0.0.1:${rx.address()!.port}` };
}

async function put(url: string, body: Buffer, type = 'application/msgpack', encoding?: string) {
  const headers: Record<string, string> = { 'Content-Type': type };
  if (encoding) headers['Content-Encoding'] = encoding;
  const r = await fetch(url, { method: 'PUT', body, headers });
  return { status: r.status, text: (await r.text()).trim(), headers: r.headers };
}

/** `declared` spans announced, then bytes no span can start with: reading even one would be a 400. */
function declaredOnly(declared: number): Buffer {
  const b = ddV04Tiny(declared);
  b.fill(0xc1, 6);
  return b;
}

describe('datadog receiver: bounded work per request', () => {
  let h: Awaited<ReturnType<typeof start>>;
  beforeEach(async () => (h = await start({ max_request_items: 101 })));
  afterEach(() => h.rx.shutdown());

  it('takes a body at the item cap (1 trace + 100 spans) and refuses one item more with 413 and its reason', async () => {
    const ok = await put(`${h.url}/v0.4/traces`, toMsgpack([Array.from({ length: 100 }, (_, i) => span(i))]));
    assert.equal(ok.status, 200);
    assert.equal(h.sink.items.length, 100);
    const over = await put(`${h.url}/v0.4/traces`, toMsgpack([Array.from({ length: 101 }, (_, i) => span(i))]));
    assert.equal(over.status, 413);
    assert.equal(over.text, 'request body holds more than max_request_items (101) items');
    assert.equal(over.headers.get('connection'), 'close');
    assert.equal(h.sink.items.length, 100);
  });

  it('refuses a declared length at its header, before reading any span', async () => {
    const r = await put(`${h.url}/v0.4/traces`, gzipSync(declaredOnly(3_000_000)), 'application/msgpack', 'gzip');
    assert.equal(r.status, 413, r.text);
  });

  const hostile: [string, string, Buffer, string?][] = [
    ['v0.4 msgpack', '/v0.4/traces', ddV04Tiny(1000)],
    ['v0.3 msgpack', '/v0.3/traces', ddV04Tiny(1000)],
    ['v0.5', '/v0.5/traces', ddV05Tiny(1000)],
    ['v0.7', '/v0.7/traces', ddV07Tiny(1000)],
    ['v0.4 JSON', '/v0.4/traces', ddJsonTiny(1000), 'application/json'],
    ['v0.3 JSON, no content type', '/v0.3/traces', ddJsonTiny(1000), ''],
    ['native span events', '/v0.4/traces', toMsgpack([[{ ...span(0), span_events: Array.from({ length: 200 }, () => ({ name: 'e' })) }]])],
    ['events as JSON in meta', '/v0.4/traces', toMsgpack([[span(0, { events: JSON.stringify(Array.from({ length: 200 }, () => ({}))) })]])],
    ['span links as JSON in meta, v0.5 (one table string in every span)', '/v0.5/traces', encodeV05([Array.from({ length: 30 }, (_, i) => span(i, { '_dd.span_links': '[{"trace_id":"1","span_id":"2"},{"trace_id":"1","span_id":"3"},{"trace_id":"1","span_id":"4"}]' }))])],
  ];
  for (const [name, path, body, type] of hostile) {
    it(`refuses too many items: ${name}`, async () => {
      const r = await put(`${h.url}${path}`, body, type);
      assert.equal(r.status, 413, r.text);
      assert.match(r.text, /max_request_items \(101\)/);
      assert.equal(h.sink.items.length, 0);
    });
  }

  it('answers 503 + Retry-After without decoding while a memory_limiter is over its limit', async () => {
    let used = 0;
    const limiter = new MemoryLimiter(new SinkConsumer<Span>(), { hard: 100, soft: 80 }, 60_000, {
      id: 'memory_limiter', signal: 'traces', logger: silentLogger(), metrics: new Metrics(), gauge: { read: () => used },
    });
    await limiter.start();
    try {
      const garbage = Buffer.from([0x91, 0xc1]);
      assert.equal((await put(`${h.url}/v0.4/traces`, garbage)).status, 400, 'decoded while memory is fine');
      used = 90;
      limiter.check();
      const refused = await put(`${h.url}/v0.4/traces`, garbage);
      assert.equal(refused.status, 503, refused.text);
      assert.equal(refused.headers.get('retry-after'), '1');
      assert.match(refused.text, /memory_limiter/);
      used = 0;
      limiter.check();
      assert.equal((await put(`${h.url}/v0.4/traces`, garbage)).status, 400);
    } finally {
      await limiter.shutdown();
    }
    assert.equal((await put(`${h.url}/v0.4/traces`, Buffer.from([0x91, 0xc1]))).status, 400, 'a stopped limiter no longer answers');
  });
});

describe('datadog decoders pause between spans', () => {
  it('a body of N spans is decoded in about N/256 steps, with the same result as at once', () => {
    const body = toMsgpack([Array.from({ length: 2000 }, (_, i) => span(i))]);
    const steps = decodeTraceSteps('v0.4', 'msgpack', body, new ItemBudget(1e6));
    let pauses = 0;
    let r = steps.next();
    while (!r.done) {
      pauses++;
      r = steps.next();
    }
    assert.equal(r.value.chunks[0].spans.length, 2000);
    assert.equal(pauses, Math.floor(2000 / 256));
  });
});
