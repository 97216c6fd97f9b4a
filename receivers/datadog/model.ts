/**
 * Datadog spans as the intake formats carry them, after decoding and before translation.
 * Ids and nanosecond times are bigint: they exceed 2^53 and must never pass through a double.
 */

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
  traceId: bigint;
  spanId: bigint;
  parentId: bigint;
  start: bigint;
  duration: bigint;
  error: number;
  /** Null-prototype maps: keys come from the wire, `__proto__` included. */
  meta: Record<string, string>;
  metrics: Record<string, number>;
  spanLinks?: DDSpanLink[];
  spanEvents?: DDSpanEvent[];
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
