/**
 * Fuzzing every HTTP intake of the real CLI (datadog v0.3/v0.4/v0.5/v0.7 in msgpack and JSON,
 * otlp traces and logs in protobuf and JSON): mutated valid bodies and hostile structures (huge
 * declared lengths, deep nesting, millions of tiny items), plain and gzip'd. Bounded by count and
 * time, seeded: the seed is printed, and `FUZZ_SEED=<seed>` replays the same bodies
 * (`FUZZ_CASES`, `FUZZ_SECONDS` change the bounds, `FUZZ_VERBOSE=1` prints every request). Asserts no 5xx and no unanswered request,
 * the process alive at the end, and peak RSS under a generous bound after the tiny-items class.
 */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { encodeLogs, encodeSpans } from '../../src/otlp/encode';
import { sampleLogs, sampleSpans } from '../../src/otlp/testdata';
import { encodeV05, toMsgpack } from '../../receivers/datadog/testing';
import { startCollector, type RunningCollector } from '../helpers/collector';
import {
  array32, ddDeep, ddJsonTiny, ddV04Tiny, ddV05Tiny, ddV07Tiny, JSON_TYPE, MSGPACK, otlpJsonLogsTiny, otlpJsonSpansTiny, otlpProtoDeepLog,
  otlpProtoGroupsTiny, otlpProtoLogsTiny, otlpProtoSpansTiny, PROTO,
} from '../hostile/bodies';
import { bridgeConfig, peakRssMiB, post } from '../hostile/probe';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CASES = Number(process.env.FUZZ_CASES ?? 1500);
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 30);
/** Peak RSS allowed after the tiny-items class: generous (a body at the cap costs ~300 MiB). */
const TINY_RSS_BOUND_MIB = 1024;


/** One request of the fuzz run. */
interface Case {
  receiver: 'datadog' | 'otlp';
  path: string;
  type: string;
  body: Buffer;
  gzip: boolean;
  what: string;
}

const T = 1700000000000000000n;
const ddSpans = [
  { service: 'svc', name: 'http.request', resource: 'GET /', type: 'web', trace_id: 12345678901234567890n, span_id: 1n, parent_id: 0n, start: T, duration: 1000, error: 1, meta: { 'http.method': 'GET', '_dd.p.tid': '6650a0f100000000', events: '[{"name":"e","time_unix_nano":1}]', '_dd.span_links': '[{"trace_id":"1","span_id":"2"}]' }, metrics: { _sampling_priority_v1: 1 } },
  { service: 'svc', name: 'db', trace_id: 12345678901234567890n, span_id: 2n, parent_id: 1n, start: T, duration: 5, span_links: [{ trace_id: 1n, span_id: 2n }], span_events: [{ name: 'n', time_unix_nano: T, attributes: { a: { type: 0, string_value: 'x' } } }] },
];
const jsonSpans = JSON.stringify([[{ service: 'svc', name: 'a', trace_id: 1, span_id: 2, meta: { k: 'v' }, metrics: { m: 1 } }]]);

/** Valid bodies of every intake, to mutate. */
const VALID: Omit<Case, 'gzip' | 'what'>[] = [
  { receiver: 'datadog', path: '/v0.4/traces', type: MSGPACK, body: toMsgpack([ddSpans]) },
  { receiver: 'datadog', path: '/v0.3/traces', type: MSGPACK, body: toMsgpack([ddSpans]) },
  { receiver: 'datadog', path: '/v0.5/traces', type: MSGPACK, body: encodeV05([ddSpans]) },
  { receiver: 'datadog', path: '/v0.7/traces', type: MSGPACK, body: toMsgpack({ language_name: 'go', chunks: [{ priority: 1, spans: ddSpans, tags: { a: 'b' } }] }) },
  { receiver: 'datadog', path: '/v0.4/traces', type: JSON_TYPE, body: Buffer.from(jsonSpans) },
  { receiver: 'datadog', path: '/v0.3/traces', type: JSON_TYPE, body: Buffer.from(jsonSpans) },
  { receiver: 'otlp', path: '/v1/traces', type: PROTO, body: Buffer.from(encodeSpans(sampleSpans(), 'proto')) },
  { receiver: 'otlp', path: '/v1/traces', type: JSON_TYPE, body: Buffer.from(encodeSpans(sampleSpans(), 'json')) },
  { receiver: 'otlp', path: '/v1/logs', type: PROTO, body: Buffer.from(encodeLogs(sampleLogs(), 'proto')) },
  { receiver: 'otlp', path: '/v1/logs', type: JSON_TYPE, body: Buffer.from(encodeLogs(sampleLogs(), 'json')) },
];

type Mutation = { kind: 'flip' | 'cut' | 'insert' | 'length'; at: number; value: number };

/** Flips, cuts and inserts bytes; `length` writes a huge msgpack array/map/str length or protobuf length there. */
function mutate(body: Buffer, muts: Mutation[]): Buffer {
  let b = Buffer.from(body);
  for (const m of muts) {
    const at = b.length === 0 ? 0 : m.at % b.length;
    if (m.kind === 'flip') b[at] = m.value;
    else if (m.kind === 'cut') b = b.subarray(0, at);
    else if (m.kind === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.from([m.value]), b.subarray(at)]);
    else {
      const huge = [Buffer.from([0xdd, 0xff, 0xff, 0xff, 0xff]), Buffer.from([0xdf, 0x7f, 0xff, 0xff, 0xff]), Buffer.from([0xdb, 0xff, 0xff, 0xff, 0xf0]), Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f])][m.value % 4];
      b = Buffer.concat([b.subarray(0, at), huge, b.subarray(at)]);
    }
  }
  return b;
}

const mutated: fc.Arbitrary<Case> = fc
  .record({
    seed: fc.constantFrom(...VALID),
    muts: fc.array(fc.record({ kind: fc.constantFrom<Mutation['kind']>('flip', 'flip', 'cut', 'insert', 'length'), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 4 }),
    gzip: fc.boolean(),
  })
  .map(({ seed, muts, gzip }) => ({ ...seed, body: mutate(seed.body, muts), gzip, what: `mutated ${seed.path} ${seed.type} ${JSON.stringify(muts)}` }));

/** Tiny items: a few thousand (decoded) or far more than the cap (refused), in every format. */
const TINY: [string, Case['receiver'], string, string, (n: number) => Buffer, number][] = [
  ['dd v0.4 one-byte spans', 'datadog', '/v0.4/traces', MSGPACK, ddV04Tiny, 5_000_000],
  ['dd v0.5 13-byte spans', 'datadog', '/v0.5/traces', MSGPACK, ddV05Tiny, 400_000],
  ['dd v0.7 one-byte spans', 'datadog', '/v0.7/traces', MSGPACK, ddV07Tiny, 5_000_000],
  ['dd JSON {} spans', 'datadog', '/v0.4/traces', JSON_TYPE, ddJsonTiny, 2_000_000],
  ['otlp empty spans', 'otlp', '/v1/traces', PROTO, otlpProtoSpansTiny, 2_000_000],
  ['otlp empty log records', 'otlp', '/v1/logs', PROTO, otlpProtoLogsTiny, 2_000_000],
  ['otlp empty resource groups', 'otlp', '/v1/traces', PROTO, otlpProtoGroupsTiny, 2_000_000],
  ['otlp JSON {} spans', 'otlp', '/v1/traces', JSON_TYPE, otlpJsonSpansTiny, 2_000_000],
  ['otlp JSON {} log records', 'otlp', '/v1/logs', JSON_TYPE, otlpJsonLogsTiny, 2_000_000],
];
const tiny: fc.Arbitrary<Case> = fc
  .record({ t: fc.constantFrom(...TINY), small: fc.boolean(), frac: fc.double({ min: 0, max: 1, noNaN: true }) })
  .map(({ t: [name, receiver, path, type, make, max], small, frac }) => {
    const n = small ? 1 + Math.floor(frac * 3000) : Math.floor(400_000 + frac * (max - 400_000));
    return { receiver, path, type, body: make(n), gzip: true, what: `${n} ${name}` };
  });

/** Deep nesting in every decoder that recurses or follows containers. */
const deep: fc.Arbitrary<Case> = fc.record({ kind: fc.nat(3), depth: fc.integer({ min: 50, max: 200_000 }) }).map(({ kind, depth }): Case => {
  switch (kind) {
    case 0:
      return { receiver: 'datadog', path: '/v0.4/traces', type: MSGPACK, body: ddDeep(depth), gzip: true, what: `msgpack nested ${depth} deep` };
    case 1:
      return { receiver: 'datadog', path: '/v0.4/traces', type: JSON_TYPE, body: Buffer.from('['.repeat(depth) + ']'.repeat(depth)), gzip: true, what: `JSON arrays nested ${depth} deep` };
    case 2: {
      // Built level by level (quadratic), so kept to a depth far past the decoder's limit of 64.
      const d = depth % 3000;
      return { receiver: 'otlp', path: '/v1/logs', type: PROTO, body: otlpProtoDeepLog(d), gzip: true, what: `AnyValue nested ${d} deep` };
    }
    default: {
      const body = `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":${'{"arrayValue":{"values":['.repeat(depth)}${']}}'.repeat(depth)}}]}]}]}`;
      return { receiver: 'otlp', path: '/v1/logs', type: JSON_TYPE, body: Buffer.from(body), gzip: true, what: `JSON AnyValue nested ${depth} deep` };
    }
  }
});

/** A declared length far beyond the body, in a header of every kind. */
const declared: fc.Arbitrary<Case> = fc.record({ n: fc.integer({ min: 1000, max: 0xffffffff }), version: fc.constantFrom('/v0.4/traces', '/v0.5/traces', '/v0.7/traces') }).map(({ n, version }) => ({
  receiver: 'datadog' as const,
  path: version,
  type: MSGPACK,
  body: version === '/v0.5/traces' ? Buffer.concat([Buffer.from([0x92]), array32(n)]) : Buffer.concat([Buffer.from([0x91]), array32(n), Buffer.alloc(64, 0x80)]),
  gzip: false,
  what: `${version} declaring ${n} elements`,
}));

describe(`fuzz: every HTTP intake of the real CLI (FUZZ_SEED=${SEED})`, function () {
  this.timeout((SECONDS + 60) * 1000);
  let c: RunningCollector;
  const urls: Record<Case['receiver'], string> = { datadog: '', otlp: '' };
  before(async () => {
    console.log(`      fuzz seed ${SEED}: replay with FUZZ_SEED=${SEED}`);
    c = await startCollector(bridgeConfig(8000), { readyTimeoutMs: 60_000 });
    urls.datadog = `http://${c.address('datadog')}`;
    urls.otlp = `http://${c.address('otlp')}`;
  });
  after(() => c?.stop());

  const deadline = () => Date.now() + SECONDS * 1000;
  /** Sends the cases two at a time until done or out of time; returns every answer that is not 2xx-4xx. */
  async function run(cases: Case[], until: number): Promise<{ sent: number; bad: string[]; statuses: Map<number, number> }> {
    const bad: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < cases.length && Date.now() < until) {
        const k = cases[next++];
        const body = k.gzip ? gzipSync(k.body, { level: 1 }) : k.body;
        const headers: Record<string, string> = { 'content-type': k.type };
        if (k.gzip) headers['content-encoding'] = 'gzip';
        const r = await post(`${urls[k.receiver]}${k.path}`, body, headers);
        if (process.env.FUZZ_VERBOSE) console.log(`        ${r.ms.toFixed(0)} ms ${r.status} ← ${k.what.slice(0, 100)}`);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status < 200 || r.status >= 500) bad.push(`${r.status} ${r.body.slice(0, 120)} ← ${k.what}`);
      }
    };
    await Promise.all([worker(), worker()]);
    return { sent: next, bad, statuses };
  }

  const report = (name: string, r: { sent: number; statuses: Map<number, number> }) =>
    console.log(`      ${name}: ${r.sent} requests, statuses ${JSON.stringify(Object.fromEntries(r.statuses))}`);

  it('tiny items (hostile counts, every format): no 5xx, peak RSS bounded', async () => {
    const cases = fc.sample(tiny, { seed: SEED, numRuns: Math.max(9, Math.round(CASES / 25)) });
    const r = await run(cases, Date.now() + (SECONDS * 1000) / 3);
    report('tiny items', r);
    assert.deepEqual(r.bad, []);
    const peak = peakRssMiB(c.pid);
    console.log(`      peak RSS after tiny items: ${peak.toFixed(0)} MiB (bound ${TINY_RSS_BOUND_MIB})`);
    assert.ok(!(peak > TINY_RSS_BOUND_MIB), `peak RSS ${peak} MiB`);
  });

  it('mutated valid bodies, huge declared lengths, deep nesting: no 5xx, no unanswered request', async () => {
    const t0 = performance.now();
    const cases = fc.sample(fc.oneof({ arbitrary: mutated, weight: 8 }, { arbitrary: declared, weight: 1 }, { arbitrary: deep, weight: 1 }), { seed: SEED + 1, numRuns: CASES });
    if (process.env.FUZZ_VERBOSE) console.log(`        generated in ${(performance.now() - t0).toFixed(0)} ms`);
    const r = await run(cases, deadline());
    report('mutations and structures', r);
    assert.deepEqual(r.bad, []);
    assert.ok(r.sent >= Math.min(CASES, 50), `only ${r.sent} requests in ${SECONDS} s`);
  });

  it('the process is alive and still takes valid data from every intake', async () => {
    assert.equal(c.child.exitCode, null);
    for (const v of VALID.filter((x) => x.type !== JSON_TYPE || x.receiver === 'otlp')) {
      const r = await post(`${urls[v.receiver]}${v.path}`, v.body, { 'content-type': v.type });
      assert.equal(r.status, 200, `${v.path} ${v.type}: ${r.body}`);
    }
  });
});
