/**
 * log_pipeline in process: the python-ddtrace script and the point → record mapping on ~200-byte
 * lines, without I/O. Prints the median of several runs, split into script and mapping.
 * Run: npx tsx bench/log_pipeline.ts
 */
import { configOf, testSettings } from '../src/component/testing';
import type { LogRecord } from '../src/consumer/consumer';
import { makeLogRecord } from '../src/data/builders';
import { ResourceCache } from '../src/data/resource';
import { compileScript } from '../src/lang';
import { factory } from '../processors/log_pipeline/factory';
import { pointToRecord } from '../processors/log_pipeline/mapping';
import { loadSource } from '../processors/log_pipeline/scripts';

const N = 100_000;
const RUNS = 5;
const resources = new ResourceCache();
const resource = resources.get({ 'host.name': 'bench' });
const lines = Array.from({ length: N }, (_, i) =>
  `2021-06-18 10:07:${String(i % 60).padStart(2, '0')},786 INFO [__main__] [lt.py:26] [dd.service=Python-App dd.env=Testing dd.version=V1.1 dd.trace_id=${16108321602917563239n + BigInt(i)} dd.span_id=${12837828046733169079n - BigInt(i)}] - Hello, World! ${i}`,
);
const records = lines.map((body) => makeLogRecord({ timeNs: 1n, observedNs: 1n, body, resource, attributes: { 'log.file.name': 'app.log' } }));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (ms: number) => Math.round((N / ms) * 1000);

async function main() {
  const src = loadSource({ script: 'builtin:python-ddtrace' });
  const script = compileScript(src.text, { name: src.name, timezone: 'UTC' }).script!;
  const scriptMs: number[] = [];
  const mapMs: number[] = [];
  const wholeMs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let t = performance.now();
    // runMaps, as the processor calls it: the point stays in the interpreter's Maps.
    const points = lines.map((message) => script.runMaps({ message }));
    scriptMs.push(performance.now() - t);
    t = performance.now();
    for (let i = 0; i < N; i++) pointToRecord(records[i], points[i], resources);
    mapMs.push(performance.now() - t);

    let out = 0;
    const p = factory.create(testSettings('log_pipeline', 'processor'), configOf(factory, { script: 'builtin:python-ddtrace', timezone: 'UTC' }), {
      consume: async (b: LogRecord[]) => void (out += b.length),
    }, 'logs');
    t = performance.now();
    for (let i = 0; i < N; i += 512) await p.consume(records.slice(i, i + 512));
    wholeMs.push(performance.now() - t);
    if (out !== N) throw new Error(`lost records: ${out} of ${N}`);
  }
  console.log(`| stage (${N} lines, median of ${RUNS}) | lines/s | µs/line |`);
  console.log('|---|---|---|');
  for (const [name, xs] of [['script run', scriptMs], ['point → record', mapMs], ['processor (both)', wholeMs]] as const) {
    const m = median(xs);
    console.log(`| ${name} | ${rate(m).toLocaleString('en')} | ${((m * 1000) / N).toFixed(2)} |`);
  }
}
void main();
