import { encode } from '@msgpack/msgpack';
import { parse as parseLossless } from 'lossless-json';
import { readSpanMap, readStringMap } from './decode-span';
import { emptyMap, type DDChunk, type DDPayload, type DDSpan, type TracerInfo } from './model';
import { DecodeError, MsgpackReader } from './msgpack-reader';

export { DecodeError };

export type TraceVersion = 'v0.3' | 'v0.4' | 'v0.5' | 'v0.7';
export type BodyFormat = 'msgpack' | 'json' | 'sniff';

/** v0.3/v0.4: an array of traces, each an array of span maps. */
export function decodeSpanArrays(r: MsgpackReader): DDPayload {
  const chunks: DDChunk[] = [];
  const nt = r.arrayLen('traces');
  for (let t = 0; t < nt; t++) {
    const ns = r.arrayLen('trace');
    const spans: DDSpan[] = new Array(ns);
    for (let s = 0; s < ns; s++) {
      r.where = `trace ${t} span ${s}`;
      spans[s] = readSpanMap(r);
    }
    chunks.push({ spans });
  }
  r.where = '';
  return { chunks, tracer: {} };
}

/**
 * v0.5: `[string table, traces]`, each span a 12-element array whose strings are table
 * indexes. Arity and every index are checked, with the agent's wording.
 */
export function decodeV05(r: MsgpackReader): DDPayload {
  if (r.arrayLen('v0.5 payload') !== 2) r.fail('v0.5 payload', 'expected an array of 2 elements [strings, traces]');
  const nstr = r.arrayLen('string table');
  const table: string[] = new Array(nstr);
  for (let i = 0; i < nstr; i++) table[i] = r.str('string table');
  const str = (what: string): string => {
    const i = r.int(what);
    if (i < 0 || i >= nstr) r.fail(what, `dictionary index ${i} out of range`);
    return table[i];
  };
  const chunks: DDChunk[] = [];
  const nt = r.arrayLen('traces');
  for (let t = 0; t < nt; t++) {
    const ns = r.arrayLen('trace');
    const spans: DDSpan[] = new Array(ns);
    for (let s = 0; s < ns; s++) {
      r.where = `trace ${t} span ${s}`;
      if (r.arrayLen('span') !== 12) r.fail('span', 'encoded span needs exactly 12 elements in array');
      const span: DDSpan = {
        service: str('service'),
        name: str('name'),
        resource: str('resource'),
        traceId: r.u64('trace_id'),
        spanId: r.u64('span_id'),
        parentId: r.u64('parent_id'),
        start: r.i64('start'),
        duration: r.i64('duration'),
        error: r.int('error'),
        meta: emptyMap(),
        metrics: emptyMap(),
        type: '',
      };
      const nm = r.mapLen('meta');
      for (let i = 0; i < nm; i++) {
        const k = str('meta');
        span.meta[k] = str('meta');
      }
      const nx = r.mapLen('metrics');
      for (let i = 0; i < nx; i++) {
        const k = str('metrics');
        span.metrics[k] = r.float('metrics');
      }
      span.type = str('type');
      spans[s] = span;
    }
    chunks.push({ spans });
  }
  r.where = '';
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
export function decodeV07(r: MsgpackReader): DDPayload {
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
      for (let c = 0; c < nc; c++) chunks.push(readChunk(r, c));
    } else r.skip(key);
  }
  r.where = '';
  return { chunks, tracer };
}

function readChunk(r: MsgpackReader, index: number): DDChunk {
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
        for (let s = 0; s < ns; s++) {
          r.where = `chunk ${index} span ${s}`;
          chunk.spans.push(readSpanMap(r));
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

/**
 * Decodes a trace body. `format` comes from the Content-Type for v0.3/v0.4 (the agent reads
 * JSON for json/empty types and tries JSON then msgpack for unknown ones); v0.5 and v0.7 are
 * always msgpack. Throws DecodeError with a one-line reason.
 */
export function decodeTraces(version: TraceVersion, format: BodyFormat, body: Buffer): DDPayload {
  let bytes = body;
  if (version === 'v0.3' || version === 'v0.4') {
    if (format === 'json' || (format === 'sniff' && looksLikeJson(body))) bytes = jsonToMsgpack(body.toString('utf8'));
  }
  const r = new MsgpackReader(bytes);
  let payload: DDPayload;
  try {
    payload = version === 'v0.5' ? decodeV05(r) : version === 'v0.7' ? decodeV07(r) : decodeSpanArrays(r);
  } catch (err) {
    // A hostile body may still reach an engine limit (call stack); it is bad input all the same.
    if (err instanceof RangeError) throw new DecodeError(`body too complex: ${err.message}`);
    throw err;
  }
  // Bytes after the payload are ignored, as the agent's stream decoder ignores them.
  return payload;
}

export function spanCount(p: DDPayload): number {
  let n = 0;
  for (const c of p.chunks) n += c.spans.length;
  return n;
}
