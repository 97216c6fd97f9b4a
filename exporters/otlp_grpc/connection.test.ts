import assert from 'node:assert/strict';
import { encodeSpans } from '../../src/otlp/encode';
import { sampleSpans } from '../../src/otlp/testdata';
import { GrpcSink } from '../../test/helpers/sink-grpc';
import { Code, unaryCall } from './call';
import { ConnectionPool } from './connection';

const PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

describe('otlp_grpc connections', () => {
  const sinks: GrpcSink[] = [];
  const pools: ConnectionPool[] = [];
  afterEach(async () => {
    for (const p of pools.splice(0)) p.close();
    for (const s of sinks.splice(0)) await s.close();
  });

  /** Two backends on one port of two loopback addresses, both behind the name "otel.test". */
  async function twoBackends(): Promise<{ a: GrpcSink; b: GrpcSink; port: number }> {
    const a = await GrpcSink.start();
    const b = await GrpcSink.start({ bind: `127.0.0.2:${a.port}` });
    sinks.push(a, b);
    return { a, b, port: a.port };
  }

  async function send(pool: ConnectionPool, n: number): Promise<number[]> {
    const body = Buffer.from(encodeSpans(sampleSpans(), 'proto'));
    const codes: number[] = [];
    for (let i = 0; i < n; i++) codes.push((await unaryCall(await pool.acquire(), { path: PATH, headers: {}, body, compressed: false, timeoutMs: 5000 })).code);
    return codes;
  }

  it('round_robin spreads calls over every address of the name; pick_first keeps to one', async () => {
    const { a, b, port } = await twoBackends();
    const lookups: string[] = [];
    const lookupAll = async (host: string) => (lookups.push(host), ['127.0.0.1', '127.0.0.2']);
    const rr = new ConnectionPool({ target: { host: 'otel.test', port }, balancer: 'round_robin', lookupAll });
    pools.push(rr);
    assert.deepEqual(await send(rr, 6), [0, 0, 0, 0, 0, 0]);
    assert.deepEqual([a.count(), b.count()], [3, 3]);
    assert.deepEqual(lookups, ['otel.test'], 'resolved once while the connections live');
    const first = new ConnectionPool({ target: { host: '127.0.0.2', port }, balancer: 'pick_first' });
    pools.push(first);
    await send(first, 2);
    assert.deepEqual([a.count(), b.count()], [3, 5]);
  });

  it('replaces a lost connection and resolves the name again; an unresolvable name is UNAVAILABLE', async () => {
    const { a, b, port } = await twoBackends();
    let answer = ['127.0.0.1', '127.0.0.2'];
    const rr = new ConnectionPool({ target: { host: 'otel.test', port }, balancer: 'round_robin', lookupAll: async () => answer });
    pools.push(rr);
    await send(rr, 2);
    // b goes away; the name now lists only a.
    await b.close();
    answer = ['127.0.0.1'];
    const codes = await send(rr, 4);
    assert.ok(codes.filter((c) => c !== Code.OK).every((c) => c === Code.UNAVAILABLE), `codes ${codes}`);
    assert.ok(a.count() >= 4, `a got ${a.count()}`);
    const lost = new ConnectionPool({ target: { host: 'nowhere.invalid', port }, balancer: 'round_robin', lookupAll: async () => [] });
    pools.push(lost);
    await assert.rejects(lost.acquire(), /cannot resolve "nowhere.invalid": no address/);
  });
});
