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
   * A Resource derived from `base` with some attributes set, cached per base object in a trie
   * of the extra keys and values, so a hot path pays a few Map lookups, not a sort and JSON.
   * (Its one caller, the log mapping, remembers its last few answers itself.)
   */
  derive(base: Resource, extra: Record<string, string>): Resource {
    let node = this.derived.get(base);
    if (!node) {
      node = new Map();
      this.derived.set(base, node);
    }
    let empty = true;
    for (const k in extra) {
      empty = false;
      node = step(step(node, k), extra[k]);
    }
    if (empty) return base;
    let r = node.get(RESOURCE) as Resource | undefined;
    if (!r) {
      if (this.derivedCount >= this.max) {
        this.derived = new WeakMap();
        this.derivedCount = 0;
      }
      r = this.get({ ...base.attributes, ...extra });
      node.set(RESOURCE, r);
      this.derivedCount++;
    }
    return r;
  }

  private derived = new WeakMap<Resource, Trie>();
  private derivedCount = 0;
}

type Trie = Map<string | symbol, Trie | Resource>;
const RESOURCE = Symbol('resource');

function step(node: Trie, key: string): Trie {
  let next = node.get(key) as Trie | undefined;
  if (!next) {
    next = new Map();
    node.set(key, next);
  }
  return next;
}
