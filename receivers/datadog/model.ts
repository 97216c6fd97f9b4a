/**
 * Datadog spans as the intake formats carry them, after decoding and before translation.
 * Ids and nanosecond times exceed 2^53 and never pass through a double: a span's own ids and
 * times stay in the body they came in (read as two 32-bit halves, or as bigint), links' and
 * events' are bigint.
 */
import { int64At } from './msgpack-reader';

export interface DDSpanLink {
  traceId: bigint;
  traceIdHigh: bigint;
  spanId: bigint;
  attributes: Record<string, string>;
  tracestate: string;
  /** Raw Datadog flags: bit 31 set means "flags present", the low byte is the W3C trace flags. */
  flags: number;
}

export type DDEventValue = string | number | boolean | DDEventValue[];

export interface DDSpanEvent {
  name: string;
  timeNs: bigint;
  attributes: Record<string, DDEventValue>;
}

export interface DDSpan {
  service: string;
  name: string;
  resource: string;
  type: string;
  /**
   * The body (as msgpack) the ids and times are in, and where each one is: the offset of its
   * value, or -1 when absent (0). `int64Parts` reads one as two uint32 halves; `numbersOf` gives
   * them all as bigint. Nothing is made for them while decoding.
   */
  wire: Buffer;
  traceIdAt: number;
  spanIdAt: number;
  parentIdAt: number;
  startAt: number;
  durationAt: number;
  error: number;
  /** As sent: key, value, key, value… A key sent twice counts with its last value (`metaGet`). */
  meta: string[];
  /** key, value, … as `meta`. */
  metrics: (string | number)[];
  spanLinks?: DDSpanLink[];
  spanEvents?: DDSpanEvent[];
}

/** The value of a meta (or metrics) key: its last one, as a map of the pairs would hold. */
export function metaGet<V>(pairs: readonly (string | V)[], key: string): V | undefined {
  for (let i = pairs.length - 2; i >= 0; i -= 2) if (pairs[i] === key) return pairs[i + 1] as V;
  return undefined;
}

/** Pairs as a null-prototype map (later pairs win; `__proto__` stays a plain key). */
export function pairsToMap<V>(pairs: readonly (string | V)[]): Record<string, V> {
  const out = emptyMap<V>();
  for (let i = 0; i < pairs.length; i += 2) out[pairs[i] as string] = pairs[i + 1] as V;
  return out;
}

/** A span's ids (unsigned) and times (signed) as bigint. */
export function numbersOf(s: DDSpan): { traceId: bigint; spanId: bigint; parentId: bigint; start: bigint; duration: bigint } {
  return {
    traceId: int64At(s.wire, s.traceIdAt, false),
    spanId: int64At(s.wire, s.spanIdAt, false),
    parentId: int64At(s.wire, s.parentIdAt, false),
    start: int64At(s.wire, s.startAt, true),
    duration: int64At(s.wire, s.durationAt, true),
  };
}

/** A trace chunk: spans of one trace flushed together. */
export interface DDChunk {
  spans: DDSpan[];
  /** Sampling priority; only v0.7 carries it on the chunk. */
  priority?: number;
  origin?: string;
  tags?: Record<string, string>;
}

/** What the tracer says about itself, from v0.7 fields or, for older formats, from request headers. */
export interface TracerInfo {
  language: string;
  languageVersion: string;
  interpreter: string;
  tracerVersion: string;
  containerId: string;
  runtimeId: string;
  env: string;
  hostname: string;
  appVersion: string;
  tags: Record<string, string>;
}

export interface DDPayload {
  chunks: DDChunk[];
  /** Fields a v0.7 body carries; empty for older formats. */
  tracer: Partial<TracerInfo>;
}

export function emptyMap<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
