/**
 * The datadog decode path of this tree against another checkout of the project, in one process
 * with interleaved rounds (so load on a shared machine hits both alike): bench/datadog-micro's
 * three stages, best round of each, and the ratio this / other. Not a test: prints the figures.
 *
 *   git archive <commit> | tar -x -C <dir> && ln -s "$PWD/node_modules" <dir>/
 *   npx tsx test/hostile/compare-decode.ts <dir> [rounds]
 */
import path from 'node:path';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { makeBody } from '../../bench/datadog-corpus';

type Decode = (v: 'v0.4', f: 'msgpack', b: Buffer) => unknown;
type Translate = (p: unknown, o: object, c: unknown) => { spans: unknown[] };

interface Tree {
  name: string;
  decodeTraces: Decode;
  translatePayload: Translate;
  cache: unknown;
}

function load(name: string, root: string): Tree {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const d = require(path.join(root, 'receivers/datadog/decode'));
  const t = require(path.join(root, 'receivers/datadog/translate'));
  const r = require(path.join(root, 'src/data/resource'));
  return { name, decodeTraces: d.decodeTraces, translatePayload: t.translatePayload, cache: new r.ResourceCache() };
}

const other = process.argv[2];
if (!other) throw new Error('usage: compare-decode.ts <other checkout> [rounds]');
const rounds = Number(process.argv[3] ?? 600);
const trees = [load('this', path.resolve(__dirname, '../..')), load('other', path.resolve(other))];
const bodies = Array.from({ length: 16 }, (_, i) => makeBody(1000 + i));
const origin = { language: 'nodejs', tracerVersion: '5.0.0' };
// Short rounds: on a loaded machine the best of many short rounds is the one nobody preempted.
const BODIES_PER_ROUND = 2;
const SPANS_PER_ROUND = BODIES_PER_ROUND * 200;

const stages: [string, (t: Tree, b: Buffer) => unknown][] = [
  ['decode', (t, b) => t.decodeTraces('v0.4', 'msgpack', b)],
  ['decode + translate', (t, b) => t.translatePayload(t.decodeTraces('v0.4', 'msgpack', b), origin, t.cache)],
  ['decode + translate + serialize', (t, b) => ProtobufTraceSerializer.serializeRequest(t.translatePayload(t.decodeTraces('v0.4', 'msgpack', b), origin, t.cache).spans as never)],
];

for (const [name, fn] of stages) {
  const best = new Map<string, number>(trees.map((t) => [t.name, Infinity]));
  for (const t of trees) for (let i = 0; i < 200; i++) fn(t, bodies[i % bodies.length]);
  for (let r = 0; r < rounds; r++) {
    for (const t of r % 2 ? [...trees].reverse() : trees) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < BODIES_PER_ROUND; i++) fn(t, bodies[(r + i) % bodies.length]);
      const us = Number(process.hrtime.bigint() - t0) / 1e3 / SPANS_PER_ROUND;
      best.set(t.name, Math.min(best.get(t.name)!, us));
    }
  }
  const a = best.get('this')!;
  const b = best.get('other')!;
  console.log(`${name.padEnd(32)} this ${a.toFixed(3)} µs/span  other ${b.toFixed(3)} µs/span  this/other ${(a / b).toFixed(3)}`);
}
