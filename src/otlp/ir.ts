/**
 * The decoded shape of an OTLP request, shared by the protobuf and JSON decoders: ids as
 * lowercase hex, times as exact bigint nanoseconds, values as plain JS. `model.ts` turns it
 * into the SDK's ReadableSpan / ReadableLogRecord objects every receiver produces.
 */
import type { AttributeValue, Attributes } from '@opentelemetry/api';

/** An OTLP AnyValue as JS: kvlist → object, array → array, bytes → Uint8Array, empty → null. */
export type AnyValueJs = AttributeValue | Uint8Array | null | AnyValueJs[] | { [key: string]: AnyValueJs };

export interface ResourceIr {
  attributes: Attributes;
  droppedAttributesCount: number;
  schemaUrl?: string;
}

export interface ScopeIr {
  name: string;
  version?: string;
  attributes?: Attributes;
  droppedAttributesCount?: number;
  schemaUrl?: string;
}

export interface ScopeGroup<T> {
  scope: ScopeIr;
  items: T[];
}

export interface ResourceGroup<T> {
  resource: ResourceIr;
  scopes: ScopeGroup<T>[];
}

export interface EventIr {
  timeNs: bigint;
  name: string;
  attributes: Attributes;
  droppedAttributesCount: number;
}

export interface LinkIr {
  traceId: string;
  spanId: string;
  traceState?: string;
  attributes: Attributes;
  droppedAttributesCount: number;
  flags: number;
}

export interface SpanIr {
  traceId: string;
  spanId: string;
  traceState?: string;
  parentSpanId?: string;
  flags: number;
  name: string;
  /** OTLP numbering: 0 unspecified, 1 internal … 5 consumer. */
  kind: number;
  startNs: bigint;
  endNs: bigint;
  attributes: Attributes;
  droppedAttributesCount: number;
  events: EventIr[];
  droppedEventsCount: number;
  links: LinkIr[];
  droppedLinksCount: number;
  status: { code: number; message?: string };
}

export interface LogIr {
  timeNs: bigint;
  observedNs: bigint;
  severityNumber: number;
  severityText?: string;
  body?: AnyValueJs;
  attributes: Attributes;
  droppedAttributesCount: number;
  flags: number;
  traceId?: string;
  spanId?: string;
  eventName?: string;
}

export function emptySpanIr(): SpanIr {
  return {
    traceId: '',
    spanId: '',
    flags: 0,
    name: '',
    kind: 0,
    startNs: 0n,
    endNs: 0n,
    attributes: {},
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: 0 },
  };
}

export function emptyLogIr(): LogIr {
  return { timeNs: 0n, observedNs: 0n, severityNumber: 0, attributes: {}, droppedAttributesCount: 0, flags: 0 };
}

/** Thrown for requests that decode but break OTLP rules (wrong id length); receivers answer 400. */
export class OtlpDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtlpDataError';
  }
}
