/**
 * Datadog v0.4 trace payloads for the end-to-end benchmarks, from fixed seeds: traces of 10
 * spans, ~500 bytes per span, 200 spans (~100 KB) per body. Ids are full-range u64 BigInts, so
 * about half are above 2^63; root spans carry `_dd.p.tid`; one span in 50 is an error with
 * message, type and a short stack. Encoded with @msgpack/msgpack (ids as uint64).
 */
import { encode } from '@msgpack/msgpack';

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = ['checkout-service', 'cart-api', 'payments', 'inventory-worker'];
const ROUTES = ['/api/v1/items/:id', '/api/v1/cart', '/api/v1/orders/:id/lines', '/health', '/api/v2/search'];

export function traceBody(seed: number, spans = 200): Buffer {
  const r = rng(seed);
  const u32 = () => BigInt(Math.floor(r() * 2 ** 32));
  const u64 = () => ((u32() << 32n) | u32()) || 1n;
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const traces: Record<string, unknown>[][] = [];
  const perTrace = 10;
  for (let t = 0; t < spans / perTrace; t++) {
    const traceId = u64();
    const rootId = u64();
    const service = pick(SERVICES);
    const route = pick(ROUTES);
    const start = BigInt(Date.now()) * 1_000_000n + BigInt(Math.floor(r() * 1e9));
    const runtimeId = `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
    const trace: Record<string, unknown>[] = [];
    for (let i = 0; i < perTrace; i++) {
      const root = i === 0;
      const error = r() < 0.02 ? 1 : 0;
      const meta: Record<string, string> = {
        env: 'production',
        version: '4.2.1',
        language: 'javascript',
        'runtime-id': runtimeId,
        component: root ? 'express' : 'http',
        'span.kind': root ? 'server' : 'client',
        'http.method': pick(['GET', 'GET', 'POST', 'PUT']),
        'http.url': `https://shop.example.com${route.replace(':id', String(Math.floor(r() * 1e6)))}?expand=details`,
        'http.status_code': error ? '500' : '200',
      };
      if (root) {
        meta['_dd.p.tid'] = hex(8) + '00000000';
        meta['_dd.p.dm'] = '-1';
        meta['http.route'] = route;
        meta['http.useragent'] = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36';
      } else {
        meta['out.host'] = pick(['inventory.internal', 'payments.internal', 'cache.internal']);
        meta['peer.service'] = pick(SERVICES);
      }
      if (error) {
        meta['error.type'] = 'TypeError';
        meta['error.message'] = "Cannot read properties of undefined (reading 'sku')";
        meta['error.stack'] = 'TypeError: Cannot read properties of undefined\n    at lookup (/app/src/items.js:42:17)';
      }
      const metrics: Record<string, number> = { '_dd.measured': 1, process_id: 4242 + (seed % 7), '_dd.agent_psr': 1 };
      if (root) {
        metrics._sampling_priority_v1 = 1;
        metrics['_dd.top_level'] = 1;
      }
      trace.push({
        service,
        name: root ? 'express.request' : 'http.request',
        resource: `${meta['http.method']} ${route}`,
        type: root ? 'web' : 'http',
        trace_id: traceId,
        span_id: root ? rootId : u64(),
        parent_id: root ? 0n : rootId,
        start: start + BigInt(i * 1000),
        duration: BigInt(1000 + Math.floor(r() * 5e6)),
        error,
        meta,
        metrics,
      });
    }
    traces.push(trace);
  }
  const out = encode(traces, { useBigInt64: true });
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}
