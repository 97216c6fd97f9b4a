import { toMsgpack } from '../receivers/datadog/testing';
import { rng } from './lib/trace-corpus';

// Corpus: traces of 10 spans; every span has service, name, resource, type, three u64 ids (all
// above 2^53, about half above 2^63), start/duration, error, 8 string tags (10 on the root, with
// `_dd.p.tid`) and 4 float metrics — about 500 bytes per span, 200 spans per body.

export function makeBody(seed: number, spans = 200): Buffer {
  const r = rng(seed);
  const u64 = (): bigint => (1n << 54n) + (BigInt(Math.floor(r() * 2 ** 32)) << 31n) + BigInt(Math.floor(r() * 2 ** 31));
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  const traces: Record<string, unknown>[][] = [];
  for (let t = 0; t < spans / 10; t++) {
    const traceId = u64();
    const rootId = u64();
    const start = 1700000000000000000n + BigInt(Math.floor(r() * 1e12));
    const trace: Record<string, unknown>[] = [];
    for (let i = 0; i < 10; i++) {
      const meta: Record<string, string> = {
        env: 'production',
        version: '4.2.1',
        'http.method': 'GET',
        'http.url': `https://shop.example.com/api/v1/items/${Math.floor(r() * 1e6)}?expand=details`,
        'http.status_code': '200',
        component: 'express',
        'span.kind': i === 0 ? 'server' : 'client',
        'runtime-id': hex(32),
      };
      if (i === 0) {
        meta['_dd.p.tid'] = hex(8) + '00000000';
        meta['_dd.p.dm'] = '-0';
      }
      trace.push({
        service: 'checkout-service',
        name: i === 0 ? 'express.request' : 'http.request',
        resource: `GET /api/v1/items/:id/${i}`,
        type: i === 0 ? 'web' : 'http',
        trace_id: traceId,
        span_id: i === 0 ? rootId : u64(),
        parent_id: i === 0 ? 0n : rootId,
        start: start + BigInt(i * 1000),
        duration: BigInt(1000 + Math.floor(r() * 1e6)),
        error: 0,
        meta,
        metrics: { _sampling_priority_v1: 1, '_dd.measured': 1, 'process_id': 4242, '_dd.top_level': i === 0 ? 1 : 0 },
      });
    }
    traces.push(trace);
  }
  return toMsgpack(traces);
}


if (require.main === module) console.log('bench/datadog-corpus.ts only builds the corpus for bench/datadog.ts and bench/datadog-micro.ts');
