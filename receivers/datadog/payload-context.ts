/**
 * What the spans of one request share: the tracer's identity (from a v0.7 body, else the request
 * headers), its instrumentation scope, and one Resource per origin, shared so the OTLP encoder
 * groups the spans under it.
 */
import type { Attributes } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ResourceCache } from '../../src/data/resource';
import { setOwn } from '../../src/util/own';
import type { TracerInfo } from './model';
import { knownLanguage, otelKey } from './semconv';

/** What the request headers say about the tracer (v0.7 bodies say it themselves and win). */
export interface RequestOrigin {
  language?: string;
  languageVersion?: string;
  interpreter?: string;
  tracerVersion?: string;
  containerId?: string;
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

/** Distinct tracer identities, and origins within one, remembered (bounded against hostile input). */
const MAX_ORIGINS = 256;
const contexts = new WeakMap<ResourceCache, Map<string, PayloadContext>>();

/**
 * The context of a payload, shared with every earlier payload from the same tracer identity: a
 * tracer sends many payloads, and their spans get the same Resource objects without a lookup.
 */
export function payloadContext(tracer: Partial<TracerInfo>, origin: RequestOrigin, cache: ResourceCache): PayloadContext {
  let byKey = contexts.get(cache);
  if (!byKey) contexts.set(cache, (byKey = new Map()));
  const t = tracer;
  const key = [
    t.language, t.languageVersion, t.interpreter, t.tracerVersion, t.containerId, t.runtimeId, t.env, t.hostname, t.appVersion,
    t.tags === undefined ? '' : JSON.stringify(t.tags),
    origin.language, origin.languageVersion, origin.interpreter, origin.tracerVersion, origin.containerId,
  ].join('\u0000');
  let ctx = byKey.get(key);
  if (!ctx) {
    if (byKey.size >= MAX_ORIGINS) byKey.clear();
    ctx = new PayloadContext(tracer, origin, cache);
    byKey.set(key, ctx);
  }
  return ctx;
}

export class PayloadContext {
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
      if (this.local.size >= MAX_ORIGINS) this.local.clear();
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

