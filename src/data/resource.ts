import type { Attributes } from '@opentelemetry/api';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';

/**
 * Spans and records of one origin share one Resource object, so the OTLP encoder groups
 * them into one ResourceSpans. Keyed by the attributes' canonical JSON; bounded so that
 * hostile inputs with ever-new service names cannot grow it without limit.
 */
export class ResourceCache {
  private cache = new Map<string, Resource>();
  constructor(private readonly max = 1024) {}

  get(attributes: Attributes): Resource {
    const key = JSON.stringify(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    let r = this.cache.get(key);
    if (!r) {
      if (this.cache.size >= this.max) this.cache.clear();
      r = resourceFromAttributes(attributes);
      this.cache.set(key, r);
    }
    return r;
  }

  /**
   * A Resource derived from `base` with some attributes set, cached by (base object, `extra`'s
   * values) so a hot path pays a string join, not a sort and JSON per item.
   */
  derive(base: Resource, extra: Record<string, string>): Resource {
    let key = '';
    for (const k in extra) key += k + '\u0000' + extra[k] + '\u0001';
    if (key === '') return base;
    let perBase = this.derived.get(base);
    if (!perBase) {
      perBase = new Map();
      this.derived.set(base, perBase);
    }
    let r = perBase.get(key);
    if (!r) {
      if (perBase.size >= this.max) perBase.clear();
      r = this.get({ ...base.attributes, ...extra });
      perBase.set(key, r);
    }
    return r;
  }

  private derived = new WeakMap<Resource, Map<string, Resource>>();
}
