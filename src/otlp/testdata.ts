/** Spans and log records that use every OTLP feature the data model carries, for codec tests. */
import { SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { TraceState } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { LogRecord, Span } from '../consumer/consumer';
import { makeLogRecord, makeSpan } from '../data/builders';
import { nsToHrTime } from '../data/time';

export const RESOURCE = resourceFromAttributes(
  { 'service.name': 'checkout', 'host.id': 42, 'deployment.canary': false },
  { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' },
);
export const SCOPE = { name: 'flask', version: '3.0.1', schemaUrl: 'https://opentelemetry.io/schemas/1.20.0' };

/** Times above 2^53 ns with odd nanoseconds catch any pass through a double. */
export const START_NS = 1_712_345_678_901_234_567n;

export const ATTRS = {
  str: 'héllo',
  int: 9007199254740991,
  neg: -17,
  dbl: 3.25,
  yes: true,
  strs: ['a', 'b'],
  ints: [1, 2, 3],
  dbls: [0.5, 1.5],
  bools: [true, false],
};

export function sampleSpans(): Span[] {
  const parent = makeSpan({
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: 'eee19b7ec3c1b174',
    name: 'GET /cart',
    kind: SpanKind.SERVER,
    startNs: START_NS,
    endNs: START_NS + 1_234_567n,
    attributes: ATTRS,
    status: { code: SpanStatusCode.ERROR, message: 'boom' },
    resource: RESOURCE,
    scope: SCOPE,
    events: [{ name: 'exception', time: nsToHrTime(START_NS + 5n), attributes: { 'exception.type': 'ValueError' }, droppedAttributesCount: 2 }],
    links: [
      {
        context: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED, isRemote: true, traceState: new TraceState('vendor=x') },
        attributes: { 'link.kind': 'follows' },
        droppedAttributesCount: 1,
      },
    ],
    droppedAttributesCount: 3,
    droppedEventsCount: 4,
    droppedLinksCount: 5,
  });
  const child = makeSpan({
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: '00f067aa0ba902b7',
    parentSpanId: 'eee19b7ec3c1b174',
    name: 'SELECT',
    kind: SpanKind.CLIENT,
    startNs: START_NS + 10n,
    endNs: START_NS + 999n,
    resource: RESOURCE,
    scope: SCOPE,
  });
  return [parent, child];
}

export function sampleLogs(): LogRecord[] {
  return [
    makeLogRecord({
      timeNs: START_NS,
      observedNs: START_NS + 7n,
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      severityText: 'WARN',
      severityNumber: SeverityNumber.WARN,
      body: { msg: 'cart empty', n: 2, nested: { ok: true }, list: ['x', 1] },
      attributes: ATTRS,
      resource: RESOURCE,
      scope: SCOPE,
      eventName: 'cart.empty',
      droppedAttributesCount: 1,
    }),
    makeLogRecord({ timeNs: START_NS + 1n, observedNs: START_NS + 2n, body: 'plain line', resource: RESOURCE, scope: SCOPE }),
  ];
}
