/**
 * Datadog trace bodies (v0.3/v0.4 span arrays, v0.5 string-table arrays, v0.7 tracer payloads,
 * JSON) → `model.ts` shapes. Every declared length is charged to the request's item budget
 * before anything is allocated for it, and the decoders are generators that pause between
 * spans, so a large body is decoded in slices (src/receiverhelper/slices.ts).
 */
import { encode } from '@msgpack/msgpack';
import { parse as parseLossless } from 'lossless-json';
import { countJsonItems, type JsonItems } from '../../src/receiverhelper/json-items';
import { ItemBudget, unlimited } from '../../src/receiverhelper/limits';
import { ITEMS_PER_STEP, runToEnd, type Steps } from '../../src/receiverhelper/slices';
import { chargeMetaJson, readSpanMap, readStringMap } from './decode-span';
import { emptyMap, type DDChunk, type DDPayload, type DDSpan, type TracerInfo } from './model';
import { DecodeError, MsgpackReader } from './msgpack-reader';

export { DecodeError };

export type TraceVersion = 'v0.3' | 'v0.4' | 'v0.5' | 'v0.7';
export type BodyFormat = 'msgpack' | 'json' | 'sniff';

/**
 * An array of traces, each an array of spans read by `readSpan` (the one loop of v0.3/v0.4 and
 * v0.5). A trace and each of its spans count as items, charged at the array headers.
 */
function* readTraces(r: MsgpackReader, budget: ItemBudget, readSpan: (r: MsgpackReader) => DDSpan): Steps<DDChunk[]> {
  const chunks: DDChunk[] = [];
  const nt = r.arrayLen('traces');
  budget.take(nt);
  let sincePause = 0;
  for (let t = 0; t < nt; t++) {
    const ns = r.arrayLen('trace');
    budget.take(ns);
    const spans: DDSpan[] = new Array(ns);
    for (let s = 0; s < ns; s++) {
      r.where = `trace ${t} span ${s}`;
      spans[s] = readSpan(r);
      if (++sincePause === ITEMS_PER_STEP) {
        sincePause = 0;
        yield;
      }
    }
    chunks.push({ spans });
  }
  r.where = '';
  return chunks;
}

/** v0.3/v0.4: an array of traces, each an array of span maps. */
export function* decodeSpanArrays(r: MsgpackReader, budget: ItemBudget): Steps<DDPayload> {
  const chunks = yield* readTraces(r, budget, (r) => readSpanMap(r, budget));
  return { chunks, tracer: {} };
}

/**
 * v0.5: `[string table, traces]`, each span a 12-element array whose strings are table
 * indexes. Arity and every index are checked, with the agent's wording.
 */
export function* decodeV05(r: MsgpackReader, budget: ItemBudget): Steps<DDPayload> {
  if (r.arrayLen('v0.5 payload') !== 2) r.fail('v0.5 payload', 'expected an array of 2 elements [strings, traces]');
  const nstr = r.arrayLen('string table');
  const table: string[] = new Array(nstr);
  for (let i = 0; i < nstr; i++) table[i] = r.str('string table');
  const str = (what: string): string => {
    const i = r.int(what);
    if (i < 0 || i >= nstr) r.fail(what, `dictionary index ${i} out of range`);
    return table[i];
  };
  const readSpan = (r: MsgpackReader): DDSpan => {
    if (r.arrayLen('span') !== 12) r.fail('span', 'encoded span needs exactly 12 elements in array');
    const span: DDSpan = {
      service: str('service'),
      name: str('name'),
      resource: str('resource'),
      wire: r.buf,
      traceIdAt: r.u64At('trace_id'),
      spanIdAt: r.u64At('span_id'),
      parentIdAt: r.u64At('parent_id'),
      startAt: r.i64At('start'),
      durationAt: r.i64At('duration'),
      error: r.int('error'),
      meta: [],
      metrics: [],
      type: '',
    };
    const nm = r.mapLen('meta');
    for (let i = 0; i < nm; i++) {
      const k = str('meta');
      const v = str('meta');
      span.meta.push(k, v);
      chargeMetaJson(k, v, budget);
    }
    const nx = r.mapLen('metrics');
    for (let i = 0; i < nx; i++) {
      const k = str('metrics');
      span.metrics.push(k, r.float('metrics'));
    }
    span.type = str('type');
    return span;
  };
  const chunks = yield* readTraces(r, budget, readSpan);
  return { chunks, tracer: {} };
}

const V07_STRING_FIELDS: Record<string, keyof TracerInfo> = {
  container_id: 'containerId',
  language_name: 'language',
  language_version: 'languageVersion',
  tracer_version: 'tracerVersion',
  runtime_id: 'runtimeId',
  env: 'env',
  hostname: 'hostname',
  app_version: 'appVersion',
};

/** v0.7: one `TracerPayload` map carrying the tracer's identity and chunks with priority. */
export function* decodeV07(r: MsgpackReader, budget: ItemBudget): Steps<DDPayload> {
  const tracer: Partial<TracerInfo> = {};
  const chunks: DDChunk[] = [];
  const n = r.mapLen('tracer payload');
  for (let i = 0; i < n; i++) {
    const key = r.str('tracer payload key');
    const field = V07_STRING_FIELDS[key];
    if (field) {
      (tracer as Record<string, string>)[field] = r.str(key);
    } else if (key === 'tags') {
      tracer.tags = emptyMap();
      readStringMap(r, key, tracer.tags);
    } else if (key === 'chunks') {
      if (r.nil()) continue;
      const nc = r.arrayLen(key);
      budget.take(nc);
      for (let c = 0; c < nc; c++) chunks.push(yield* readChunk(r, c, budget));
    } else r.skip(key);
  }
  r.where = '';
  return { chunks, tracer };
}

function* readChunk(r: MsgpackReader, index: number, budget: ItemBudget): Steps<DDChunk> {
  const chunk: DDChunk = { spans: [] };
  const n = r.mapLen('chunk');
  for (let i = 0; i < n; i++) {
    r.where = `chunk ${index}`;
    const key = r.str('chunk key');
    switch (key) {
      case 'priority':
        chunk.priority = r.int(key);
        break;
      case 'origin':
        chunk.origin = r.str(key);
        break;
      case 'tags':
        chunk.tags = emptyMap();
        readStringMap(r, key, chunk.tags);
        break;
      case 'spans': {
        if (r.nil()) break;
        const ns = r.arrayLen(key);
        budget.take(ns);
        for (let s = 0; s < ns; s++) {
          r.where = `chunk ${index} span ${s}`;
          chunk.spans.push(readSpanMap(r, budget));
          if (s % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
        }
        break;
      }
      default:
        r.skip(key);
    }
  }
  return chunk;
}

const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);

/** JSON numbers: integers exactly (ids reach 2^64-1), everything else as a double. */
function jsonNumber(text: string): number | bigint {
  if (/^-?\d+$/.test(text)) {
    const v = BigInt(text);
    if (v > U64_MAX || v < I64_MIN) throw new DecodeError(`number ${text} does not fit in 64 bits`);
    return v >= -0x1fffffffffffffn && v <= 0x1fffffffffffffn ? Number(v) : v;
  }
  return Number(text);
}

/**
 * v0.3/v0.4 JSON bodies are re-encoded as msgpack (ids as exact 64-bit ints) so that one
 * decoder reads both; JSON is the rare, slow path, so the extra pass does not matter.
 */
export function jsonToMsgpack(text: string): Buffer {
  let value: unknown;
  try {
    value = parseLossless(text, null, jsonNumber);
  } catch (err) {
    if (err instanceof DecodeError) throw err;
    throw new DecodeError(`invalid JSON: ${(err as Error).message}`);
  }
  let bytes: Uint8Array;
  try {
    bytes = encode(value, { useBigInt64: true, ignoreUndefined: true, maxDepth: 64 });
  } catch (err) {
    throw new DecodeError(`JSON body nested too deeply: ${(err as Error).message}`);
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function looksLikeJson(body: Buffer): boolean {
  for (const b of body) {
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    return b === 0x5b || b === 0x7b; // '[' or '{'
  }
  return false;
}

/** Where the items of a v0.3/v0.4 JSON body are: traces, their spans, and native links and events. */
const LINKS_OR_EVENTS: JsonItems = { items: { count: true } };
const JSON_ITEMS: JsonItems = { items: { count: true, items: { count: true, keys: { span_links: LINKS_OR_EVENTS, span_events: LINKS_OR_EVENTS } } } };

/**
 * Decodes a trace body. `format` comes from the Content-Type for v0.3/v0.4 (the agent reads
 * JSON for json/empty types and tries JSON then msgpack for unknown ones); v0.5 and v0.7 are
 * always msgpack. Throws DecodeError with a one-line reason, or a 413 BodyError once the body
 * holds more items than the budget allows (a JSON body is counted before it is parsed).
 */
export function* decodeTraceSteps(version: TraceVersion, format: BodyFormat, body: Buffer, budget: ItemBudget): Steps<DDPayload> {
  let bytes = body;
  if (version === 'v0.3' || version === 'v0.4') {
    if (format === 'json' || (format === 'sniff' && looksLikeJson(body))) {
      countJsonItems(body, JSON_ITEMS, budget.max);
      yield;
      bytes = jsonToMsgpack(body.toString('utf8'));
      yield;
    }
  }
  const r = new MsgpackReader(bytes);
  try {
    return yield* version === 'v0.5' ? decodeV05(r, budget) : version === 'v0.7' ? decodeV07(r, budget) : decodeSpanArrays(r, budget);
  } catch (err) {
    // A hostile body may still reach an engine limit (call stack); it is bad input all the same.
    if (err instanceof RangeError) throw new DecodeError(`body too complex: ${err.message}`);
    throw err;
  }
  // Bytes after the payload are ignored, as the agent's stream decoder ignores them.
}

/** `decodeTraceSteps` run to the end at once (tests, benchmarks); no item cap unless given one. */
export function decodeTraces(version: TraceVersion, format: BodyFormat, body: Buffer, budget: ItemBudget = unlimited()): DDPayload {
  return runToEnd(decodeTraceSteps(version, format, body, budget));
}

export function spanCount(p: DDPayload): number {
  let n = 0;
  for (const c of p.chunks) n += c.spans.length;
  return n;
}
