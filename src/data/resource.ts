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
}
