/**
 * The hostile bodies of the hardening report, against the real CLI: each is answered 413 with
 * its reason while small requests (traces, logs, /info) sent meanwhile keep being served, and
 * the process stays up with little memory. Time to answer, /info p99 and peak RSS are printed
 * (figures, not assertions: the machine may be shared).
 */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { encodeLogs } from '../../src/otlp/encode';
import { sampleLogs } from '../../src/otlp/testdata';
import { startCollector, type RunningCollector } from '../helpers/collector';
import { ddV04Tiny, JSON_TYPE, MSGPACK, otlpJsonSpansTiny, otlpProtoLogsTiny, otlpProtoSpansTiny, PROTO, smallTrace } from '../hostile/bodies';
import { bridgeConfig, get, keepAsking, p99, peakRssMiB, post } from '../hostile/probe';


describe('hostile bodies against the real CLI: 413 fast, everything else still served', function () {
  this.timeout(120_000);
  let c: RunningCollector;
  let dd: string;
  let otlp: string;
  before(async () => {
    c = await startCollector(bridgeConfig(4000), { readyTimeoutMs: 60_000 });
    dd = `http://${c.address('datadog')}`;
    otlp = `http://${c.address('otlp')}`;
  });
  after(async () => {
    await c?.stop();
  });

  const gz = (b: Buffer) => gzipSync(b, { level: 9 });
  const cases: [string, () => { path: 'dd' | 'otlp'; url: string; body: Buffer; headers: Record<string, string> }, RegExp][] = [
    ['datadog v0.4: 3M one-byte spans, gzip (~3 KB)', () => ({ path: 'dd', url: '/v0.4/traces', body: gz(ddV04Tiny(3_000_000)), headers: { 'content-type': MSGPACK, 'content-encoding': 'gzip' } }), /max_request_items \(140853\)/],
    ['datadog v0.4: 1M one-byte spans (1 MB)', () => ({ path: 'dd', url: '/v0.4/traces', body: ddV04Tiny(1_000_000), headers: { 'content-type': MSGPACK } }), /max_request_items/],
    ['otlp JSON: 6M {} spans, gzip', () => ({ path: 'otlp', url: '/v1/traces', body: gz(otlpJsonSpansTiny(6_000_000)), headers: { 'content-type': JSON_TYPE, 'content-encoding': 'gzip' } }), /max_request_items \(105331\)/],
    ['otlp protobuf: 10M empty log records, gzip (~19 KB)', () => ({ path: 'otlp', url: '/v1/logs', body: gz(otlpProtoLogsTiny(10_000_000)), headers: { 'content-type': PROTO, 'content-encoding': 'gzip' } }), /max_request_items \(367173\)/],
    ['otlp protobuf: 10M empty spans, gzip', () => ({ path: 'otlp', url: '/v1/traces', body: gz(otlpProtoSpansTiny(10_000_000)), headers: { 'content-type': PROTO, 'content-encoding': 'gzip' } }), /max_request_items/],
  ];

  for (const [name, make, reason] of cases) {
    it(name, async () => {
      const attack = make();
      const logs = Buffer.from(encodeLogs(sampleLogs(), 'proto'));
      const watch = keepAsking([
        { name: '/info', send: () => get(`${dd}/info`) },
        { name: 'datadog trace', send: () => post(`${dd}/v0.4/traces`, smallTrace(), { 'content-type': MSGPACK }) },
        { name: 'otlp logs', send: () => post(`${otlp}/v1/logs`, logs, { 'content-type': PROTO }) },
      ]);
      await watch.first;
      const r = await post(`${attack.path === 'dd' ? dd : otlp}${attack.url}`, attack.body, attack.headers);
      const seen = await watch.stop();

      assert.equal(r.status, 413, r.body);
      assert.match(r.body, reason);
      assert.ok(!r.body.includes('\n'), 'a one-line reason');
      for (const [kind, replies] of seen) {
        assert.ok(replies.length > 0, `${kind} was asked`);
        assert.deepEqual(replies.filter((x) => x.status !== 200), [], `${kind} requests all served`);
      }
      const info = seen.get('/info')!.map((x) => x.ms);
      console.log(
        `      413 in ${r.ms.toFixed(0)} ms; /info p99 ${p99(info).toFixed(0)} ms over ${info.length}; ` +
          `${seen.get('datadog trace')!.length + seen.get('otlp logs')!.length} small requests served; peak RSS ${peakRssMiB(c.pid).toFixed(0)} MiB`,
      );
    });
  }

  it('the process is still up and answering', async () => {
    assert.equal(c.child.exitCode, null);
    assert.equal((await get(`${dd}/info`)).status, 200);
  });
});
