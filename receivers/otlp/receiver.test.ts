import assert from 'node:assert/strict';
import * as http from 'node:http';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { NO_HOST, testSettings } from '../../src/component/testing';
import type { ConfigIssue } from '../../src/config/issue';
import type { LogRecord, Span } from '../../src/consumer/consumer';
import { PermanentError, RefusedError } from '../../src/consumer/errors';
import { SinkConsumer } from '../../src/consumer/testing';
import { encodeLogs, encodeSpans } from '../../src/otlp/encode';
import { sampleLogs, sampleSpans } from '../../src/otlp/testdata';
import { Metrics } from '../../src/telemetry/metrics';
import { factory } from './factory';
import type { OtlpReceiver } from './receiver';

interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function post(url: string, body: Buffer | string, headers: Record<string, string> = {}, method = 'POST'): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const PROTO = { 'content-type': 'application/x-protobuf' };
const JSON_CT = { 'content-type': 'application/json' };

describe('otlp receiver', () => {
  let rcv: OtlpReceiver;
  let traces: SinkConsumer<Span>;
  let logs: SinkConsumer<LogRecord>;
  let metrics: Metrics;
  let base: string;

  async function start(http: Record<string, unknown> = {}) {
    const issues: ConfigIssue[] = [];
    const cfg = factory.config.decode({ protocols: { http: { endpoint: '127.0.0.1:0', ...http } } }, 'otlp', issues)!;
    assert.deepEqual(issues, []);
    traces = new SinkConsumer<Span>();
    logs = new SinkConsumer<LogRecord>();
    metrics = new Metrics();
    rcv = factory.create(testSettings('otlp', 'receiver', metrics), cfg, { traces, logs }) as OtlpReceiver;
    await rcv.start(NO_HOST);
    base = `http://${rcv.address}`;
  }
  beforeEach(() => start());
  afterEach(() => rcv.shutdown());

  it("defaults to 127.0.0.1:4318 with the datadog receiver's read_timeout and backlog, serving only the protocols listed", () => {
    const issues: ConfigIssue[] = [];
    // `http:` with no value, as Collector configs write it: the section with all its defaults.
    const d = factory.config.decode({ protocols: { http: null } }, 'otlp', issues)!;
    assert.deepEqual(issues, []);
    assert.equal(d.protocols.http!.endpoint, '127.0.0.1:4318');
    assert.deepEqual([d.protocols.http!.read_timeout, d.protocols.http!.backlog], [60_000, 511]);
    assert.equal(d.protocols.grpc, undefined);
    const none = factory.config.decode(undefined, 'otlp', issues)!;
    assert.deepEqual(factory.validate!(none).map((i) => i.path), ['protocols']);
    assert.match(factory.validate!(none)[0].message, /at least one protocol/);
  });

  for (const enc of ['proto', 'json'] as const) {
    it(`accepts ${enc} traces and logs, plain and gzip, and answers in the same encoding`, async () => {
      const ct = enc === 'proto' ? PROTO : JSON_CT;
      const spanBody = Buffer.from(encodeSpans(sampleSpans(), enc));
      let r = await post(`${base}/v1/traces`, spanBody, ct);
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type']?.split(';')[0], ct['content-type']);
      if (enc === 'json') assert.deepEqual(JSON.parse(r.body.toString()), {});
      r = await post(`${base}/v1/logs`, gzipSync(encodeLogs(sampleLogs(), enc)), { ...ct, 'content-encoding': 'gzip' });
      assert.equal(r.status, 200);
      assert.equal(traces.items.length, 2);
      assert.equal(logs.items.length, 2);
      assert.equal(traces.items[0].spanContext().spanId, 'eee19b7ec3c1b174');
      assert.equal(await metrics.value('otelcol_receiver_accepted_spans_total', { transport: 'http' }), 2);
      assert.equal(await metrics.value('otelcol_receiver_accepted_log_records_total'), 2);
    });
  }

  it('answers an empty request with success', async () => {
    assert.equal((await post(`${base}/v1/traces`, '', PROTO)).status, 200);
    assert.equal((await post(`${base}/v1/logs`, '{}', JSON_CT)).status, 200);
    assert.equal(traces.batches.length + logs.batches.length, 0);
  });

  it('answers 415 for other content types, naming the supported ones', async () => {
    const r = await post(`${base}/v1/traces`, 'x', { 'content-type': 'text/plain' });
    assert.equal(r.status, 415);
    assert.match(r.body.toString(), /application\/x-protobuf, application\/json/);
  });

  it('answers 405 to other methods and 404 to other paths', async () => {
    assert.equal((await post(`${base}/v1/traces`, '', {}, 'GET')).status, 405);
    assert.equal((await post(`${base}/v1/metrics`, '', PROTO)).status, 404);
  });

  it('answers 400 with a reason for undecodable bodies, as a Status in the request encoding (415 for an unknown encoding)', async () => {
    const r = await post(`${base}/v1/traces`, '{"resourceSpans": 5}', JSON_CT);
    assert.equal(r.status, 400);
    assert.match(JSON.parse(r.body.toString()).message, /resourceSpans: must be an array/);
    const p = await post(`${base}/v1/logs`, Buffer.from([0x0a, 0x05, 0x01]), PROTO);
    assert.equal(p.status, 400);
    assert.match(p.body.toString('latin1'), /cannot decode ExportLogsServiceRequest/);
    const gz = await post(`${base}/v1/logs`, 'not gzip', { ...JSON_CT, 'content-encoding': 'gzip' });
    assert.equal(gz.status, 400);
    const br = await post(`${base}/v1/logs`, '{}', { ...JSON_CT, 'content-encoding': 'br' });
    assert.equal(br.status, 415);
    assert.match(JSON.parse(br.body.toString()).message, /unsupported Content-Encoding "br"/);
  });

  it('answers 413 over the body limit, before and after decompression', async () => {
    await rcv.shutdown();
    await start({ max_request_body_size: 1000 });
    assert.equal((await post(`${base}/v1/logs`, Buffer.alloc(5000, 0x20), JSON_CT)).status, 413);
    // 1 MB of spaces gzips to about 1 KB: the limit applies to what it inflates to
    const bomb = gzipSync(Buffer.alloc(1_000_000, 0x20));
    assert.ok(bomb.length < 2000);
    assert.equal((await post(`${base}/v1/logs`, bomb, { ...JSON_CT, 'content-encoding': 'gzip' })).status, 413);
    assert.equal((await post(`${base}/v1/logs`, '{}', JSON_CT)).status, 200, 'still serving');
  });

  it('answers 503 with Retry-After when the pipeline refuses, and 400 on a permanent error', async () => {
    traces.failWith = new RefusedError('memory limit reached', 7);
    const r = await post(`${base}/v1/traces`, Buffer.from(encodeSpans(sampleSpans(), 'proto')), PROTO);
    assert.equal(r.status, 503);
    assert.equal(r.headers['retry-after'], '7');
    assert.equal(await metrics.value('otelcol_receiver_refused_spans_total'), 2);
    traces.failWith = new PermanentError('bad data');
    const p = await post(`${base}/v1/traces`, Buffer.from(encodeSpans(sampleSpans(), 'json')), JSON_CT);
    assert.equal(p.status, 400);
    assert.equal(JSON.parse(p.body.toString()).message, 'bad data');
  });

  it('answers only after the pipeline accepted the data', async () => {
    logs.delayMs = 150;
    const t0 = Date.now();
    const r = await post(`${base}/v1/logs`, Buffer.from(encodeLogs(sampleLogs(), 'proto')), PROTO);
    assert.equal(r.status, 200);
    assert.ok(Date.now() - t0 >= 140);
  });

  describe('fuzzing (bad input never crashes it and gets 4xx)', () => {
    const ok = (s: number) => s === 200 || (s >= 400 && s < 500);

    it('random bytes as protobuf', async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.boolean(), async (bytes, isLogs) => {
          const r = await post(`${base}/v1/${isLogs ? 'logs' : 'traces'}`, Buffer.from(bytes), PROTO);
          assert.ok(ok(r.status), `status ${r.status}`);
        }),
        { numRuns: 150 },
      );
    });

    it('mutated valid protobuf', async () => {
      const valid = Buffer.from(encodeSpans(sampleSpans(), 'proto'));
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), fc.nat(valid.length), async (edits, cut) => {
          const b = Buffer.from(valid.subarray(0, Math.max(cut, 1)));
          for (const [i, v] of edits) if (i < b.length) b[i] = v;
          const r = await post(`${base}/v1/traces`, b, PROTO);
          assert.ok(ok(r.status), `status ${r.status}`);
        }),
        { numRuns: 150 },
      );
    });

    it('random JSON values and wrong types in the right places', async () => {
      const anyJson = fc.jsonValue({ maxDepth: 4 });
      const shaped = anyJson.map((v) => ({ resourceLogs: [{ resource: { attributes: [{ key: 'k', value: v }] }, scopeLogs: [{ logRecords: [{ body: v, timeUnixNano: v, traceId: v }] }] }] }));
      await fc.assert(
        fc.asyncProperty(fc.oneof(anyJson, shaped), async (v) => {
          const r = await post(`${base}/v1/logs`, JSON.stringify(v), JSON_CT);
          assert.ok(ok(r.status), `status ${r.status}: ${r.body}`);
        }),
        { numRuns: 200 },
      );
      assert.equal((await post(`${base}/v1/logs`, Buffer.from(encodeLogs(sampleLogs(), 'json')), JSON_CT)).status, 200);
    });
  });
});
