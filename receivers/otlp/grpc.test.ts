import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import * as grpc from '@grpc/grpc-js';
import fc from 'fast-check';
import { NO_HOST, testSettings } from '../../src/component/testing';
import type { ConfigIssue } from '../../src/config/issue';
import type { LogRecord, Span } from '../../src/consumer/consumer';
import { PermanentError, RefusedError } from '../../src/consumer/errors';
import { SinkConsumer } from '../../src/consumer/testing';
import { makeSpan } from '../../src/data/builders';
import { encodeLogs, encodeSpans } from '../../src/otlp/encode';
import { decodeRpcStatus } from '../../src/otlp/rpc-status';
import { sampleLogs, sampleSpans } from '../../src/otlp/testdata';
import { Metrics } from '../../src/telemetry/metrics';
import { testPki } from '../../test/helpers/certs';
import { factory } from './factory';
import type { OtlpReceiver } from './receiver';

const PATHS = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
};

interface Answer {
  code: number;
  details: string;
  metadata?: grpc.Metadata;
}

/** One Export call with raw bytes, as any gRPC client would make it. */
function call(address: string, signal: 'traces' | 'logs' | 'metrics', body: Buffer, opts: { gzip?: boolean; creds?: grpc.ChannelCredentials } = {}): Promise<Answer> {
  const client = new grpc.Client(address, opts.creds ?? grpc.credentials.createInsecure(), {
    'grpc.default_compression_algorithm': opts.gzip ? grpc.compressionAlgorithms.gzip : grpc.compressionAlgorithms.identity,
  });
  const path = signal === 'metrics' ? '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export' : PATHS[signal];
  return new Promise((resolve) =>
    client.makeUnaryRequest(path, (b: Buffer) => b, (b: Buffer) => b, body, new grpc.Metadata(), { deadline: Date.now() + 10000 }, (err) => {
      client.close();
      resolve(err ? { code: err.code, details: err.details, metadata: err.metadata } : { code: grpc.status.OK, details: '' });
    }),
  );
}

const spanBytes = () => Buffer.from(encodeSpans(sampleSpans(), 'proto'));
const logBytes = () => Buffer.from(encodeLogs(sampleLogs(), 'proto'));

describe('otlp receiver: OTLP/gRPC', () => {
  let rcv: OtlpReceiver;
  let traces: SinkConsumer<Span>;
  let logs: SinkConsumer<LogRecord>;
  let metrics: Metrics;
  let address: string;

  function decode(raw: unknown): ReturnType<typeof factory.config.decode> {
    const issues: ConfigIssue[] = [];
    const cfg = factory.config.decode(raw, 'otlp', issues);
    assert.deepEqual(issues, []);
    assert.deepEqual(factory.validate!(cfg!), []);
    return cfg;
  }

  async function start(grpcCfg: Record<string, unknown> = {}, protocols: Record<string, unknown> = {}) {
    traces = new SinkConsumer<Span>();
    logs = new SinkConsumer<LogRecord>();
    metrics = new Metrics();
    const cfg = decode({ protocols: { grpc: { endpoint: '127.0.0.1:0', ...grpcCfg }, ...protocols } });
    rcv = factory.create(testSettings('otlp', 'receiver', metrics), cfg!, { traces, logs }) as OtlpReceiver;
    await rcv.start(NO_HOST);
    address = rcv.grpcAddress!;
  }
  afterEach(() => rcv?.shutdown());

  describe('config', () => {
    it('serves gRPC alone on 127.0.0.1:4317 with 4 MiB messages when only `grpc:` is listed', () => {
      const d = decode({ protocols: { grpc: null } })!;
      assert.equal(d.protocols.http, undefined);
      assert.deepEqual(d.protocols.grpc, { endpoint: '127.0.0.1:4317', transport: 'tcp', max_recv_msg_size_mib: 4, max_concurrent_streams: 0 });
    });

    it('names bad keys and values with their path, and asks for both TLS files', () => {
      const issues: ConfigIssue[] = [];
      factory.config.decode({ protocols: { grpc: { endpoint: '4317', max_recv_msg_size_mib: 0, transport: 'udp', include_metdata: true } } }, 'receivers::otlp', issues);
      assert.deepEqual(
        issues.map((i) => i.path),
        ['receivers::otlp::protocols::grpc::include_metdata', 'receivers::otlp::protocols::grpc::endpoint', 'receivers::otlp::protocols::grpc::transport', 'receivers::otlp::protocols::grpc::max_recv_msg_size_mib'],
      );
      assert.match(issues[1].message, /must be host:port, got "4317" \(for example "127.0.0.1:4317"\)/);
      const tls = factory.config.decode({ protocols: { grpc: { tls: { cert_file: 'server.crt' } } } }, 'otlp', [])!;
      assert.deepEqual(factory.validate!(tls), [{ path: 'protocols::grpc::tls', message: 'cert_file and key_file must be set together' }]);
    });
  });

  it('accepts traces and logs, plain and gzip, answers once the pipeline took them, and counts them under transport "grpc"', async () => {
    await start();
    assert.equal(rcv.address, undefined, 'no HTTP listener unless http: is listed');
    assert.deepEqual(await call(address, 'traces', spanBytes()), { code: 0, details: '' });
    assert.deepEqual(await call(address, 'logs', logBytes(), { gzip: true }), { code: 0, details: '' });
    assert.equal(traces.items.length, 2);
    assert.equal(traces.items[0].spanContext().spanId, 'eee19b7ec3c1b174');
    assert.equal(logs.items.length, 2);
    assert.equal(await metrics.value('otelcol_receiver_accepted_spans_total', { transport: 'grpc' }), 2);
    assert.equal(await metrics.value('otelcol_receiver_accepted_log_records_total', { transport: 'grpc' }), 2);
  });

  it('serves HTTP and gRPC side by side when both are listed', async () => {
    await start({}, { http: { endpoint: '127.0.0.1:0' } });
    assert.ok(rcv.address);
    assert.notEqual(rcv.address, address);
    assert.equal((await call(address, 'traces', spanBytes())).code, 0);
    const r = await fetch(`http://${rcv.address}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: spanBytes() });
    assert.equal(r.status, 200);
    assert.equal(traces.items.length, 4);
  });

  it('answers an empty request with success and passes nothing on', async () => {
    await start();
    assert.equal((await call(address, 'traces', Buffer.alloc(0))).code, grpc.status.OK);
    assert.equal(traces.batches.length, 0);
  });

  it('answers INVALID_ARGUMENT with the reason for an undecodable message, UNIMPLEMENTED for metrics', async () => {
    await start();
    const r = await call(address, 'logs', Buffer.from([0x0a, 0x05, 0x01]));
    assert.equal(r.code, grpc.status.INVALID_ARGUMENT);
    assert.match(r.details, /^cannot decode ExportLogsServiceRequest: /);
    assert.equal((await call(address, 'metrics', Buffer.alloc(0))).code, grpc.status.UNIMPLEMENTED);
    assert.equal(logs.batches.length, 0);
  });

  it('answers UNAVAILABLE with a RetryInfo of the refusal delay when the pipeline refuses, and INTERNAL on a permanent error', async () => {
    await start();
    traces.failWith = new RefusedError('memory limit reached', 7);
    const r = await call(address, 'traces', spanBytes());
    assert.equal(r.code, grpc.status.UNAVAILABLE);
    assert.equal(r.details, 'memory limit reached');
    const details = decodeRpcStatus(r.metadata!.get('grpc-status-details-bin')[0] as Buffer);
    assert.deepEqual(details, { code: grpc.status.UNAVAILABLE, message: 'memory limit reached', retryDelayMs: 7000 });
    assert.equal(await metrics.value('otelcol_receiver_refused_spans_total', { transport: 'grpc' }), 2);
    traces.failWith = new PermanentError('bad data');
    const p = await call(address, 'traces', spanBytes());
    assert.deepEqual([p.code, p.details], [grpc.status.INTERNAL, 'bad data']);
    assert.equal(p.metadata!.get('grpc-status-details-bin').length, 0);
  });

  it('answers only after the pipeline accepted the data', async () => {
    await start();
    logs.delayMs = 150;
    const t0 = Date.now();
    assert.equal((await call(address, 'logs', logBytes())).code, 0);
    assert.ok(Date.now() - t0 >= 140);
  });

  it('answers RESOURCE_EXHAUSTED over max_recv_msg_size_mib, before and after decompression, and keeps serving', async () => {
    await start({ max_recv_msg_size_mib: 1 });
    // One span with a 1.5 MiB attribute: over the limit as sent.
    const big = (value: string) =>
      Buffer.from(encodeSpans([makeSpan({ traceId: '1'.repeat(32), spanId: '2'.repeat(16), name: 'big', startNs: 1n, endNs: 2n, attributes: { blob: value }, resource: sampleSpans()[0].resource })], 'proto'));
    assert.equal((await call(address, 'traces', big(randomBytes(1_200_000).toString('base64')))).code, grpc.status.RESOURCE_EXHAUSTED);
    // Spaces gzip to almost nothing: small on the wire, over the limit once inflated.
    assert.equal((await call(address, 'traces', big(' '.repeat(1_500_000)), { gzip: true })).code, grpc.status.RESOURCE_EXHAUSTED);
    assert.equal((await call(address, 'traces', spanBytes())).code, grpc.status.OK);
    assert.equal(traces.items.length, 2);
  });

  it('fails to start naming the endpoint when the port is taken', async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    try {
      const port = (taken.address() as net.AddressInfo).port;
      const other = factory.create(testSettings('otlp', 'receiver'), decode({ protocols: { grpc: { endpoint: `127.0.0.1:${port}` } } })!, { traces: new SinkConsumer<Span>() });
      await assert.rejects(other.start(NO_HOST), new RegExp(`^Error: protocols::grpc::endpoint: cannot listen on 127.0.0.1:${port}: `));
      await other.shutdown();
    } finally {
      taken.close();
    }
  });

  describe('TLS', () => {
    const pki = testPki();
    const tlsClient = (withCert: boolean) =>
      grpc.credentials.createSsl(pki.read(pki.caFile), withCert ? pki.read(pki.clientKey) : null, withCert ? pki.read(pki.clientCert) : null);

    it('serves TLS with cert_file/key_file; a plain-text client gets nothing through', async () => {
      await start({ tls: { cert_file: pki.serverCert, key_file: pki.serverKey } });
      assert.equal((await call(address, 'traces', spanBytes(), { creds: tlsClient(false) })).code, grpc.status.OK);
      assert.equal((await call(address, 'traces', spanBytes())).code, grpc.status.UNAVAILABLE);
      assert.equal(traces.items.length, 2);
    });

    it('with client_ca_file, requires a client certificate that CA signed', async () => {
      await start({ tls: { cert_file: pki.serverCert, key_file: pki.serverKey, client_ca_file: pki.caFile } });
      assert.equal((await call(address, 'traces', spanBytes(), { creds: tlsClient(true) })).code, grpc.status.OK);
      assert.equal((await call(address, 'traces', spanBytes(), { creds: tlsClient(false) })).code, grpc.status.UNAVAILABLE);
      assert.equal(traces.items.length, 2);
    });

    it('fails to start naming the tls key of a file it cannot read', async () => {
      const r = factory.create(testSettings('otlp', 'receiver'), decode({ protocols: { grpc: { endpoint: '127.0.0.1:0', tls: { cert_file: '/nonexistent/s.crt', key_file: '/nonexistent/s.key' } } } })!, {});
      await assert.rejects(r.start(NO_HOST), /^Error: protocols::grpc::tls::cert_file: cannot read "\/nonexistent\/s\.crt": ENOENT/);
      await r.shutdown();
    });
  });

  it('fuzzing: random and mutated messages get OK or INVALID_ARGUMENT, never a crash', async () => {
    await start();
    const valid = spanBytes();
    const ok = (c: number) => c === grpc.status.OK || c === grpc.status.INVALID_ARGUMENT;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
          fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((edits) => {
            const b = Buffer.from(valid);
            for (const [i, v] of edits) b[i] = v;
            return b;
          }),
        ),
        fc.boolean(),
        async (bytes, isLogs) => {
          const r = await call(address, isLogs ? 'logs' : 'traces', bytes);
          assert.ok(ok(r.code), `code ${r.code}: ${r.details}`);
        },
      ),
      { numRuns: 120 },
    );
    assert.equal((await call(address, 'traces', valid)).code, grpc.status.OK);
  });
});
