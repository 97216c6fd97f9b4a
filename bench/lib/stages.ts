/**
 * Sorts a trace pipeline's CPU-profile samples and allocation samples into stages (decode,
 * translate, batch, encode, gzip, HTTP, GC, ...) by the file and function they were taken in, so
 * the bridge and pipe-fast can be compared stage by stage. First matching rule wins. A sample in
 * native or generic runtime code (a Buffer method, zlib's native write) belongs to the nearest caller
 * a rule names: `utf8Slice` under the msgpack reader is decoding, `writeSync` under node:zlib is gzip.
 */
import { readFileSync } from 'node:fs';

const RULES: [string, RegExp][] = [
  ['GC', /^\(garbage collector\)/],
  ['idle', /^\(idle\)/],
  ['V8/native, unattributed', /^\(program\)/],
  ['decode (msgpack)', /receivers\/datadog\/(msgpack-reader|decode|decode-span)\.js|lib\/ddfast\.js|@msgpack|msgpackr/],
  ['translate (DD → OTel model)', /receivers\/datadog\/(translate|names|semconv|meta-json)\.js|src\/data\/|@opentelemetry\/(core|resources|sdk-trace-base)|lib\/otlp\.js .*(toReadableSpans|ddAttributes|makeResourceCache)/],
  ['batch', /processors\/batch\//],
  ['encode (OTLP protobuf)', /src\/otlp\/|lib\/otlp\.js|otlp-transformer/],
  ['gzip', /node:zlib|\bzlib\b/],
  ['export (queue, HTTP client)', /exporters\/|src\/exporterhelper\/|node:_http_client|node:_http_agent/],
  ['pipeline plumbing (consumers, fan-out)', /src\/(consumer|graph|component|processorhelper)\//],
  ['telemetry (metrics, logs)', /src\/telemetry\/|prom-client|pino|receivers\/datadog\/telemetry\.js/],
  ['HTTP receive, streams, events', /receivers\/datadog\/(app|receiver|answers|body)\.js|src\/net\/|src\/receiverhelper\/|express|body-parser|node:_http|node:http|node:net|node:stream|node:internal\/(streams|http|stream_base|net|timers|process\/task_queues)|node:events|traces-server\.js|(^| )(processTicksAndRejections|listOnTimeout|emit|onStreamRead)/],
];

export function stageOf(functionName: string, url: string): string {
  const key = `${functionName} ${url}`;
  for (const [stage, re] of RULES) if (re.test(key)) return stage;
  return 'other';
}

interface Frame {
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** The stage of a sample: its own frame's, else the nearest ancestor's that a rule names. */
function stageOfStack(stack: Frame[]): string {
  for (const f of stack) {
    const s = stageOf(f.callFrame.functionName || '(anonymous)', f.callFrame.url);
    if (s !== 'other') return s;
  }
  return 'other';
}

interface CpuNode extends Frame {
  id: number;
  children?: number[];
}

/** Samples per stage and per function of a .cpuprofile; `total` excludes idle. */
export function cpuByStage(file: string): { total: number; stages: Map<string, number>; functions: Map<string, number> } {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as { nodes: CpuNode[]; samples: number[] };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, CpuNode>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n);
  const stackOf = (n: CpuNode) => {
    const out: CpuNode[] = [];
    for (let x: CpuNode | undefined = n; x; x = parent.get(x.id)) out.push(x);
    return out;
  };
  const memo = new Map<number, string>();
  const stages = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  for (const id of prof.samples) {
    const node = byId.get(id)!;
    const f = node.callFrame;
    let stage = memo.get(id);
    if (stage === undefined) memo.set(id, (stage = stageOfStack(stackOf(node))));
    if (stage === 'idle') continue;
    total++;
    stages.set(stage, (stages.get(stage) ?? 0) + 1);
    const name = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(dist|reference)\//, '').replace(/^file:\/\//, '')}:${f.lineNumber + 1}`;
    functions.set(`${stage}\t${name}`, (functions.get(`${stage}\t${name}`) ?? 0) + 1);
  }
  return { total, stages, functions };
}

interface HeapNode extends Frame {
  selfSize: number;
  children: HeapNode[];
}

/** Sampled bytes allocated per stage of a .heapprofile (taken with collected objects included). */
export function allocByStage(file: string): Map<string, number> {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode };
  const out = new Map<string, number>();
  const walk = (n: HeapNode, stack: HeapNode[]) => {
    const here = [n, ...stack];
    const s = stageOfStack(here);
    out.set(s, (out.get(s) ?? 0) + n.selfSize);
    for (const c of n.children) walk(c, here);
  };
  walk(prof.head, []);
  return out;
}
