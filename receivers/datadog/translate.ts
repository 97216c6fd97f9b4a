/**
 * Datadog spans → OTel spans, as a pure function of the decoded payload and the request's
 * tracer headers (the ResourceCache only shares objects). The mapping follows the
 * datadogreceiver (reference §2) except where noted "unlike the datadogreceiver".
 */
import { SpanKind, SpanStatusCode, type Attributes, type Link, type SpanStatus } from '@opentelemetry/api';
import { TraceState, type InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { TimedEvent } from '@opentelemetry/sdk-trace-base';
import type { Span } from '../../src/consumer/consumer';
import { makeSpan } from '../../src/data/builders';
import { spanIdHex, traceIdHex, validTidHigh } from '../../src/data/ids';
import type { ResourceCache } from '../../src/data/resource';
import { nsToHrTime } from '../../src/data/time';
import { ITEMS_PER_STEP, runToEnd, type Steps } from '../../src/receiverhelper/slices';
import { setOwn } from '../../src/util/own';
import { parseEventsJson, parseLinksJson } from './meta-json';
import type { DDChunk, DDPayload, DDSpan, DDSpanEvent, DDSpanLink, TracerInfo } from './model';
import { conventionalName } from './names';
import { knownLanguage, otelKey } from './semconv';

/** What the request headers say about the tracer (v0.7 bodies say it themselves and win). */
export interface RequestOrigin {
  language?: string;
  languageVersion?: string;
  interpreter?: string;
  tracerVersion?: string;
  containerId?: string;
}

export interface Translation {
  spans: Span[];
  /** Malformed `_dd.span_links` / `events` meta: the span is kept, the reason is reported. */
  warnings: string[];
}

const PRIORITY_NONE = -128;

/** Meta keys consumed by the translation rather than copied as attributes. */
const CONSUMED = new Set(['_dd.span_links', 'events', '_dd.span_events.has_exception', 'env', 'version']);

/** Meta key → attribute key (undefined: consumed), memoised since the same keys recur in every span. */
const metaPlans = new Map<string, string | undefined>();
function metaKeyPlan(k: string): string | undefined {
  let plan = metaPlans.get(k);
  if (plan === undefined && !metaPlans.has(k)) {
    plan = CONSUMED.has(k) ? undefined : otelKey(k);
    if (metaPlans.size >= 4096) metaPlans.clear();
    metaPlans.set(k, plan);
  }
  return plan;
}

const scopes = new Map<string, InstrumentationScope>();
function scopeFor(tracerVersion: string): InstrumentationScope {
  let s = scopes.get(tracerVersion);
  if (!s) {
    if (scopes.size > 256) scopes.clear();
    s = tracerVersion ? { name: 'Datadog', version: tracerVersion } : { name: 'Datadog' };
    scopes.set(tracerVersion, s);
  }
  return s;
}

function kindOf(span: DDSpan): SpanKind {
  const k = span.meta['span.kind'];
  if (k !== undefined) {
    switch (k.toLowerCase()) {
      case 'server':
        return SpanKind.SERVER;
      case 'client':
        return SpanKind.CLIENT;
      case 'producer':
        return SpanKind.PRODUCER;
      case 'consumer':
        return SpanKind.CONSUMER;
      case 'internal':
        return SpanKind.INTERNAL;
    }
  }
  if (span.type === 'web') return SpanKind.SERVER;
  if (span.type === 'http') return SpanKind.CLIENT;
  // OTel JS has no UNSPECIFIED kind; INTERNAL is the closest it can say.
  return SpanKind.INTERNAL;
}

/** The chunk's `_dd.p.tid`: on its first span by protocol, but any span (or v0.7 chunk tags) will do. */
function chunkTid(chunk: DDChunk): string | undefined {
  const fromTags = validTidHigh(chunk.tags?.['_dd.p.tid']);
  if (fromTags) return fromTags;
  for (const s of chunk.spans) {
    const t = s.meta['_dd.p.tid'];
    if (t !== undefined) return validTidHigh(t);
  }
  return undefined;
}

function chunkPriority(chunk: DDChunk): number | undefined {
  if (chunk.priority !== undefined && chunk.priority !== PRIORITY_NONE) return chunk.priority;
  for (const s of chunk.spans) {
    const p = s.metrics['_sampling_priority_v1'];
    if (p !== undefined) return p;
  }
  return undefined;
}

function toLink(l: DDSpanLink): Link {
  const hasFlags = (l.flags & 0x80000000) !== 0 || (l.flags > 0 && l.flags <= 0xff);
  let traceState: TraceState | undefined;
  if (l.tracestate) traceState = new TraceState(l.tracestate);
  const attributes: Attributes = {};
  for (const k of Object.keys(l.attributes)) setOwn(attributes, k, l.attributes[k]);
  return {
    context: {
      traceId: traceIdHex(l.traceId, l.traceIdHigh),
      spanId: spanIdHex(l.spanId),
      traceFlags: hasFlags ? l.flags & 0xff : 0,
      traceState,
      isRemote: true,
    },
    attributes,
  };
}

function toEvent(e: DDSpanEvent): TimedEvent {
  const attributes: Attributes = {};
  for (const k of Object.keys(e.attributes)) setOwn(attributes, k, e.attributes[k] as string);
  return { name: e.name, time: nsToHrTime(e.timeNs), attributes, droppedAttributesCount: 0 };
}

/**
 * Unlike the datadogreceiver (pending upstream PR #50446), error tags also become the OTel
 * `exception` event backends look for, stamped at the span's end: Datadog does not record when
 * the exception happened.
 */
function exceptionEvent(meta: Record<string, string>, endNs: bigint): TimedEvent | undefined {
  const type = meta['error.type'];
  const message = meta['error.msg'] ?? meta['error.message'];
  const stack = meta['error.stack'];
  if (type === undefined && message === undefined && stack === undefined) return undefined;
  const attributes: Attributes = {};
  if (type !== undefined) attributes['exception.type'] = type;
  if (message !== undefined) attributes['exception.message'] = message;
  if (stack !== undefined) attributes['exception.stacktrace'] = stack;
  return { name: 'exception', time: nsToHrTime(endNs), attributes, droppedAttributesCount: 0 };
}

class PayloadContext {
  private local = new Map<string, Resource>();
  readonly scope: InstrumentationScope;
  private readonly base: Attributes;

  constructor(
    readonly tracer: Partial<TracerInfo>,
    origin: RequestOrigin,
    private readonly cache: ResourceCache,
  ) {
    const lang = tracer.language || origin.language || '';
    const tracerVersion = tracer.tracerVersion || origin.tracerVersion || '';
    this.scope = scopeFor(tracerVersion);
    const base: Attributes = {};
    for (const [k, v] of Object.entries(tracer.tags ?? {})) if (v !== '') setOwn(base, otelKey(k), v);
    const containerId = tracer.containerId || origin.containerId;
    if (containerId) base['container.id'] = containerId;
    if (lang) base['telemetry.sdk.language'] = knownLanguage(lang) ?? lang.toLowerCase();
    base['telemetry.sdk.name'] = 'Datadog';
    if (tracerVersion) base['telemetry.sdk.version'] = tracerVersion;
    const runtimeVersion = tracer.languageVersion || origin.languageVersion;
    if (runtimeVersion) base['process.runtime.version'] = runtimeVersion;
    if (origin.interpreter) base['process.runtime.name'] = origin.interpreter;
    if (tracer.runtimeId) base['service.instance.id'] = tracer.runtimeId;
    this.base = base;
  }

  private last: [string, string, string, string, Resource] | undefined;

  /**
   * One Resource per (service, env, version, host) within the payload's tracer identity.
   * Unlike the datadogreceiver, env and version reach the resource for every format, and
   * an empty service is named as the agent names it rather than left blank.
   */
  resource(service: string, env: string, version: string, host: string): Resource {
    // Consecutive spans nearly always share their origin.
    const l = this.last;
    if (l !== undefined && l[0] === service && l[1] === env && l[2] === version && l[3] === host) return l[4];
    const r = this.lookup(service, env, version, host);
    this.last = [service, env, version, host, r];
    return r;
  }

  private lookup(service: string, env: string, version: string, host: string): Resource {
    const key = service + '\u0000' + env + '\u0000' + version + '\u0000' + host;
    let r = this.local.get(key);
    if (!r) {
      const attrs: Attributes = { ...this.base };
      attrs['service.name'] = service || this.unnamedService();
      if (env) attrs['deployment.environment.name'] = env;
      if (version) attrs['service.version'] = version;
      if (host) attrs['host.name'] = host;
      r = this.cache.get(attrs);
      this.local.set(key, r);
    }
    return r;
  }

  private unnamedService(): string {
    const lang = this.base['telemetry.sdk.language'];
    return typeof lang === 'string' && lang ? `unnamed-${lang}-service` : 'unnamed-service';
  }
}

export function translatePayload(payload: DDPayload, origin: RequestOrigin, cache: ResourceCache): Translation {
  return runToEnd(translateSteps(payload, origin, cache));
}

/** `translatePayload` as steps that pause between spans, for decoding in slices (receiverhelper/slices.ts). */
export function* translateSteps(payload: DDPayload, origin: RequestOrigin, cache: ResourceCache): Steps<Translation> {
  const ctx = new PayloadContext(payload.tracer, origin, cache);
  const spans: Span[] = [];
  const warnings: string[] = [];
  // Chunks of one trace flushed in the same request share their high trace-id half even if
  // only one carries `_dd.p.tid`.
  const tids = new Map<bigint, string>();
  const chunkTids: (string | undefined)[] = payload.chunks.map(chunkTid);
  payload.chunks.forEach((c, i) => {
    const t = chunkTids[i];
    if (t && c.spans.length > 0) tids.set(c.spans[0].traceId, t);
  });
  let sincePause = 0;
  for (let i = 0; i < payload.chunks.length; i++) {
    const chunk = payload.chunks[i];
    const priority = chunkPriority(chunk);
    for (const s of chunk.spans) {
      spans.push(translateSpan(s, chunkTids[i] ?? tids.get(s.traceId), priority, ctx, warnings));
      if (++sincePause === ITEMS_PER_STEP) {
        sincePause = 0;
        yield;
      }
    }
  }
  return { spans, warnings };
}

function translateSpan(s: DDSpan, tidHigh: string | undefined, priority: number | undefined, ctx: PayloadContext, warnings: string[]): Span {
  const meta = s.meta;
  const attrs: Attributes = {};
  const metaKeys = Object.keys(meta);
  for (let i = 0; i < metaKeys.length; i++) {
    const k = metaKeys[i];
    const key = metaKeyPlan(k);
    if (key === undefined) continue;
    const v = meta[k];
    // Unlike the datadogreceiver, the status code is an int, as the convention types it.
    if (key === 'http.response.status_code' && /^\d{1,3}$/.test(v)) setOwn(attrs, key, Number(v));
    else setOwn(attrs, key, v);
  }
  const metricKeys = Object.keys(s.metrics);
  for (let i = 0; i < metricKeys.length; i++) {
    const k = metricKeys[i];
    setOwn(attrs, otelKey(k), s.metrics[k]);
  }

  let kind = kindOf(s);
  const named = conventionalName(s.name, s.resource, meta, s.error, attrs);
  if (named.kind !== undefined) kind = named.kind;
  if ((kind === SpanKind.CLIENT || kind === SpanKind.PRODUCER || kind === SpanKind.CONSUMER) && attrs['server.address'] === undefined) {
    const peer = meta['peer.hostname'];
    if (peer) attrs['server.address'] = peer;
  }

  const base = meta['_dd.base_service'];
  const service = base || s.service;
  if (base && base !== s.service) attrs['service.name'] = s.service;
  attrs['dd.span.Resource'] = s.resource;
  attrs['datadog.trace.id'] = s.traceId.toString();
  attrs['datadog.span.id'] = s.spanId.toString();
  if (priority !== undefined) attrs['sampling.priority'] = priority;

  const endNs = s.start + (s.duration > 0n ? s.duration : 0n);
  let status: SpanStatus | undefined;
  let events: TimedEvent[] | undefined;
  let links: Link[] | undefined;

  if (s.spanEvents) events = s.spanEvents.map(toEvent);
  else if (meta.events !== undefined) {
    const parsed = parseEventsJson(meta.events);
    if (parsed.error) warnings.push(parsed.error);
    events = parsed.items.map(toEvent);
  }
  if (s.spanLinks) links = s.spanLinks.map(toLink);
  else if (meta['_dd.span_links'] !== undefined) {
    const parsed = parseLinksJson(meta['_dd.span_links']);
    if (parsed.error) warnings.push(parsed.error);
    links = parsed.items.map(toLink);
  }

  // Unlike the datadogreceiver, a span without error is UNSET, not OK: Datadog never states success.
  if (s.error !== 0) {
    status = { code: SpanStatusCode.ERROR, message: meta['error.msg'] ?? meta['error.message'] ?? '' };
    const ex = exceptionEvent(meta, endNs);
    if (ex && !(events ?? []).some((e) => e.name === 'exception')) (events ??= []).push(ex);
  }

  return makeSpan({
    traceId: traceIdHex(s.traceId, tidHigh),
    spanId: spanIdHex(s.spanId),
    parentSpanId: s.parentId === 0n ? undefined : spanIdHex(s.parentId),
    name: named.name,
    kind,
    startNs: s.start,
    endNs,
    status,
    attributes: attrs,
    links,
    events,
    resource: ctx.resource(service, meta.env ?? ctx.tracer.env ?? '', meta.version ?? ctx.tracer.appVersion ?? '', meta['_dd.hostname'] ?? ctx.tracer.hostname ?? ''),
    scope: ctx.scope,
  });
}
