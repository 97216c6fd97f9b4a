/**
 * Sorts a trace pipeline's CPU-profile samples and allocation samples into stages (decode,
 * translate, batch, encode, gzip, HTTP, GC, ...) by the file and function they were taken in, so
 * the bridge and pipe-fast can be compared stage by stage. First matching rule wins.
 */
import { readFileSync } from 'node:fs';

const RULES: [string, RegExp][] = [
  ['GC', /^\(garbage collector\)/],
  ['idle', /^\(idle\)/],
  ['V8/native, unattributed', /^\(program\)/],
  ['decode (msgpack)', /receivers\/datadog\/(msgpack-reader|decode|decode-span|body)\.js|lib\/ddfast\.js|@msgpack|msgpackr/],
  ['translate (DD → OTel model)', /receivers\/datadog\/(translate|names|semconv|meta-json)\.js|src\/data\/|@opentelemetry\/(core|resources|sdk-trace-base)|lib\/otlp\.js .*(toReadableSpans|ddAttributes|makeResourceCache)/],
  ['batch', /processors\/batch\//],
  ['encode (OTLP protobuf)', /src\/otlp\/|lib\/otlp\.js|otlp-transformer/],
  ['gzip', /node:zlib|\bzlib\b/],
  ['export (queue, HTTP client)', /exporters\/|src\/exporterhelper\/|node:_http_client|node:_http_agent/],
  ['telemetry (metrics, logs)', /src\/telemetry\/|prom-client|pino|receivers\/datadog\/telemetry\.js/],
  ['HTTP receive, streams, events', /receivers\/datadog\/(app|receiver|answers)\.js|src\/net\/|src\/receiverhelper\/|express|body-parser|node:_http|node:http|node:net|node:stream|node:internal\/(streams|http|stream_base|net|timers|process\/task_queues)|node:events|traces-server\.js|(^| )(processTicksAndRejections|listOnTimeout|emit|onStreamRead)/],
];

export function stageOf(functionName: string, url: string): string {
  const key = `${functionName} ${url}`;
  for (const [stage, re] of RULES) if (re.test(key)) return stage;
  return 'other';
}

interface CpuNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** Samples per stage and per function of a .cpuprofile; `total` excludes idle. */
export function cpuByStage(file: string): { total: number; stages: Map<string, number>; functions: Map<string, number> } {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as { nodes: CpuNode[]; samples: number[] };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const stages = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  for (const id of prof.samples) {
    const f = byId.get(id)!.callFrame;
    const stage = stageOf(f.functionName || '(anonymous)', f.url);
    if (stage === 'idle') continue;
    total++;
    stages.set(stage, (stages.get(stage) ?? 0) + 1);
    const name = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(dist|reference)\//, '').replace(/^file:\/\//, '')}:${f.lineNumber + 1}`;
    functions.set(`${stage}\t${name}`, (functions.get(`${stage}\t${name}`) ?? 0) + 1);
  }
  return { total, stages, functions };
}

interface HeapNode {
  callFrame: { functionName: string; url: string };
  selfSize: number;
  children: HeapNode[];
}

/** Sampled bytes allocated per stage of a .heapprofile (taken with collected objects included). */
export function allocByStage(file: string): Map<string, number> {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode };
  const out = new Map<string, number>();
  const walk = (n: HeapNode) => {
    const s = stageOf(n.callFrame.functionName || '(anonymous)', n.callFrame.url);
    out.set(s, (out.get(s) ?? 0) + n.selfSize);
    n.children.forEach(walk);
  };
  walk(prof.head);
  return out;
}
