/**
 * otlp_grpc against otlp_http (proto + gzip) in the same run: encode + compress + send of
 * 512-span batches (Datadog corpus spans through the datadog translation) to do-nothing backends
 * in child processes, so only the exporter's CPU is counted (process.cpuUsage: all threads). Several runs, alternating which exporter goes first; reports
 * spans per CPU-second as median (min–max) and the per-run ratio gRPC / HTTP.
 * Run: npx tsx bench/otlp-grpc.ts   (BENCH_RUNS=5, BENCH_BATCHES=200)
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { NO_HOST, testSettings } from '../src/component/testing';
import type { Span } from '../src/consumer/consumer';
import { ResourceCache } from '../src/data/resource';
import { encodeSpans } from '../src/otlp/encode';
import { Metrics } from '../src/telemetry/metrics';
import { factory as grpcFactory } from '../exporters/otlp_grpc/factory';
import { factory as httpFactory } from '../exporters/otlp_http/factory';
import { decodeTraces } from '../receivers/datadog/decode';
import { translatePayload } from '../receivers/datadog/translate';
import { envNumber, fmt, median, spread, table } from './lib/stats';
import { traceBody } from './lib/trace-corpus';

const BATCH = 512;
const RUNS = envNumber('BENCH_RUNS', 5);
const BATCHES = envNumber('BENCH_BATCHES', 200);
const ROOT = path.resolve(__dirname, '..');
/** Calls in flight at once, as the default `sending_queue::num_consumers` would have. */
const IN_FLIGHT = 10;

function corpusSpans(): Span[] {
  const payload = decodeTraces('v0.4', 'msgpack', traceBody(7, BATCH));
  return translatePayload(payload, { language: 'python', tracerVersion: '2.9.0', containerId: '' }, new ResourceCache()).spans;
}

/** Do-nothing backends in child processes: they read each message and answer success. */
const BACKENDS = {
  http: `require('http').createServer((q,s)=>{q.resume();q.on('end',()=>{s.writeHead(200,{'content-type':'application/x-protobuf'});s.end()})}).listen(0,'127.0.0.1',function(){console.log('http://127.0.0.1:'+this.address().port)})`,
  grpc: `const g=require('@grpc/grpc-js');const b=(x)=>x;const s=new g.Server();
for(const p of ['/opentelemetry.proto.collector.trace.v1.TraceService/Export','/opentelemetry.proto.collector.logs.v1.LogsService/Export'])
s.addService({Export:{path:p,requestStream:false,responseStream:false,requestSerialize:b,requestDeserialize:b,responseSerialize:b,responseDeserialize:b}},{Export:(c,cb)=>cb(null,Buffer.alloc(0))});
s.bindAsync('127.0.0.1:0',g.ServerCredentials.createInsecure(),(e,p)=>console.log('127.0.0.1:'+p))`,
};

function startBackend(kind: keyof typeof BACKENDS): Promise<{ endpoint: string; stop(): void }> {
  const child = spawn(process.execPath, ['-e', BACKENDS[kind]], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => child.stdout!.once('data', (d) => resolve({ endpoint: String(d).trim(), stop: () => child.kill() })));
}

interface Variant {
  name: string;
  create(metrics: Metrics): ReturnType<typeof grpcFactory.create>;
}

/**
 * Spans per CPU-second and per wall second for `batches` batches through one exporter. The queue
 * is off and `IN_FLIGHT` callers each wait for their own delivery, so the run ends when the last
 * answer arrives and nothing polls while the backends work (a poll loop would bill the slower
 * backend's time to the exporter).
 */
async function measure(v: Variant, spans: Span[], batches: number): Promise<{ perCpu: number; perWall: number }> {
  const ex = v.create(new Metrics());
  await ex.start(NO_HOST);
  let next = 0;
  const caller = async () => {
    while (next++ < batches) await ex.traces!.consume(spans);
  };
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: IN_FLIGHT }, caller));
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  await ex.shutdown();
  const items = batches * BATCH;
  return { perCpu: items / ((cpu.user + cpu.system) / 1e6), perWall: items / secs };
}

async function main(): Promise<void> {
  const spans = corpusSpans();
  const [http, grpc] = await Promise.all([startBackend('http'), startBackend('grpc')]);
  const httpCfg = (raw: object) => httpFactory.config.decode({ sending_queue: { enabled: false }, ...raw }, 'bench', [])!;
  const grpcCfg = (raw: object) => grpcFactory.config.decode({ endpoint: grpc.endpoint, tls: { insecure: true }, sending_queue: { enabled: false }, ...raw }, 'bench', [])!;
  const variants: Variant[] = [
    { name: 'otlp_http proto+gzip', create: (m) => httpFactory.create(testSettings('otlp_http', 'exporter', m), httpCfg({ endpoint: http.endpoint }), ['traces']) },
    { name: 'otlp_grpc gzip', create: (m) => grpcFactory.create(testSettings('otlp_grpc', 'exporter', m), grpcCfg({}), ['traces']) },
    { name: 'otlp_grpc none', create: (m) => grpcFactory.create(testSettings('otlp_grpc', 'exporter', m), grpcCfg({ compression: 'none' }), ['traces']) },
  ];
  try {
    for (const v of variants) await measure(v, spans, Math.max(10, BATCHES / 10)); // warm-up
    const results = new Map(variants.map((v) => [v.name, [] as { perCpu: number; perWall: number }[]]));
    for (let run = 0; run < RUNS; run++) {
      const order = run % 2 === 0 ? variants : [...variants].reverse();
      for (const v of order) results.get(v.name)!.push(await measure(v, spans, BATCHES));
    }
    const http = results.get(variants[0].name)!;
    const rows = variants.map((v) => {
      const r = results.get(v.name)!;
      const ratio = r.map((x, i) => x.perCpu / http[i].perCpu);
      return [v.name, spread(r.map((x) => x.perCpu)), spread(r.map((x) => x.perWall)), spread(ratio, 2)];
    });
    const kib = encodeSpans(spans, 'proto').length / 1024;
    console.log(`${RUNS} runs × ${fmt(BATCHES * BATCH)} spans per exporter (${BATCHES} batches of ${BATCH} spans, ${fmt(kib)} KiB of protobuf each), median (min–max):\n`);
    console.log(table(['exporter', 'spans per CPU-second', 'spans/s wall', 'CPU efficiency vs otlp_http'], rows));
    console.log(`\nmedian gRPC/HTTP: ${fmt(median(results.get(variants[1].name)!.map((x, i) => x.perCpu / http[i].perCpu)), 2)}`);
  } finally {
    http.stop();
    grpc.stop();
  }
  process.exit(0);
}

void main();
