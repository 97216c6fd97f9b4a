// The cache behind cache_get/cache_set: in-process, bounded in entries and in time. Datakit
// keeps one cache per collector; here the embedding application decides how widely one is
// shared (the log_pipeline processor shares one between the scripts of a processor).

import { type Value, cloneValue, goJson } from '../../value';

export interface CacheLimits {
  /** Entries kept at most; the least recently used one goes first. Default 10000. */
  maxEntries?: number;
  /** Longest expiration a script may ask for, in seconds. Default 3600. */
  maxTtlSeconds?: number;
  /** Largest value stored, as JSON text bytes; larger values are not cached. Default 65536. */
  maxValueBytes?: number;
}

/** Datakit's default expiration of cache_set, in seconds. */
export const DEFAULT_TTL_SECONDS = 100;

interface Entry {
  value: Value;
  expiresNs: bigint;
}

export class ScriptCache {
  private readonly entries = new Map<string, Entry>();
  readonly maxEntries: number;
  readonly maxTtlSeconds: number;
  readonly maxValueBytes: number;

  constructor(limits: CacheLimits = {}) {
    this.maxEntries = limits.maxEntries ?? 10000;
    this.maxTtlSeconds = limits.maxTtlSeconds ?? 3600;
    this.maxValueBytes = limits.maxValueBytes ?? 65536;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value stored under `key` unless it expired; a copy, so a script cannot change the cache in place. */
  get(key: string, nowNs: bigint): Value | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expiresNs <= nowNs) {
      this.entries.delete(key);
      return undefined;
    }
    // Re-inserting marks the entry as recently used (Map keeps insertion order).
    this.entries.delete(key);
    this.entries.set(key, e);
    return cloneValue(e.value);
  }

  /** Stores `value` for `ttlSeconds` (clamped to 1..maxTtlSeconds); false when the value is too large. */
  set(key: string, value: Value, ttlSeconds: number, nowNs: bigint): boolean {
    if (typeof value === 'object' && value !== null && goJson(value).length > this.maxValueBytes) return false;
    if (typeof value === 'string' && value.length > this.maxValueBytes) return false;
    const ttl = Math.min(Math.max(1, ttlSeconds), this.maxTtlSeconds);
    this.entries.delete(key);
    this.entries.set(key, { value: cloneValue(value), expiresNs: nowNs + BigInt(Math.round(ttl * 1e9)) });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return true;
  }
}
