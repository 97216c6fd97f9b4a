/**
 * The traces a bridge has seen lately: the low 64 bits of each trace id (16 hex digits, what a
 * log line carries) → the full 128-bit id, and the services those traces came from. Bounded in
 * entries and in age; no per-entry objects or timestamps, so memory is the two maps and nothing else.
 */

/** The value stored for a low half that two live traces share: no answer can be given. */
export const AMBIGUOUS = 'ambiguous';

/** Services remembered at most (hostile or misconfigured tracers can invent names without end). */
const MAX_SERVICES = 10000;
/** The key for traces of any service, and for lines that name none (receivers never leave service.name empty). */
const ANY = '';

/** Sets `key` → `now`, first forgetting entries older than `maxAgeMs` (or all) when the map is full. */
function remember(m: Map<string, number>, key: string, now: number, maxAgeMs: number): void {
  if (m.size >= MAX_SERVICES && !m.has(key)) {
    for (const [k, t] of m) if (now - t > maxAgeMs) m.delete(k);
    if (m.size >= MAX_SERVICES) m.clear();
  }
  m.set(key, now);
}

/**
 * Two generations: ids go into `current`; every `ttl` the current map becomes the previous one
 * and the previous is dropped whole, so an id lives between `ttl` and `2 × ttl` after it was last
 * seen. Past `maxTraces` entries the oldest of the previous generation go first (Map order is
 * insertion order), then a generation turns early.
 */
export class RecentTraces {
  private current = new Map<string, string>();
  private previous = new Map<string, string>();
  private since: number;
  /** Service → when a trace of it last arrived; `ANY` for any service. */
  private services = new Map<string, number>();
  /** Service → when its first log line asked, for services with no traces yet. */
  private firstAsked = new Map<string, number>();
  /** Live traces whose low half an earlier live trace already had. */
  ambiguous = 0;

  constructor(
    private readonly maxTraces: number,
    private readonly ttlMs: number,
    now: number,
    /** How long after its last trace a service still counts as traced. */
    private readonly serviceTtlMs = ttlMs,
  ) {
    this.since = now;
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }

  /** Turns generations that are due; callers pass one `now` per batch rather than one per item. */
  tick(now: number): void {
    if (now - this.since < this.ttlMs) return;
    this.previous = now - this.since < 2 * this.ttlMs ? this.current : new Map();
    this.current = new Map();
    this.since = now;
  }

  /**
   * Records a trace id (32 lowercase hex digits). Returns its low half when the id was not in the
   * current generation (so waiters for it can be looked for), else undefined.
   */
  add(traceId: string): string | undefined {
    const low = traceId.slice(16);
    const cur = this.current.get(low);
    if (cur !== undefined) {
      if (cur !== traceId && cur !== AMBIGUOUS) {
        this.current.set(low, AMBIGUOUS);
        this.ambiguous++;
      }
      return undefined;
    }
    if (this.size >= this.maxTraces) this.evict();
    const prev = this.previous.get(low);
    if (prev === undefined || prev === traceId) this.current.set(low, traceId);
    else {
      this.current.set(low, AMBIGUOUS);
      this.ambiguous++;
    }
    return low;
  }

  /** The full id for a low half: 32 hex digits, AMBIGUOUS, or undefined when not seen lately. */
  lookup(low: string): string | undefined {
    return this.current.get(low) ?? this.previous.get(low);
  }

  /** A trace of `service` arrived now. */
  seen(service: string, now: number): void {
    remember(this.services, ANY, now, this.serviceTtlMs);
    remember(this.services, service, now, this.serviceTtlMs);
  }

  /**
   * Whether a line of `service` (of no named service when undefined) may wait for its trace: when
   * a trace of the service arrived within `serviceTtl`, or, for a service with no trace yet, during
   * `graceMs` after its first line (a bridge that just started has seen no traces yet; a service
   * whose traces never come here stops waiting after that).
   */
  mayWait(service: string | undefined, graceMs: number, now: number): boolean {
    const key = service ?? ANY;
    const t = this.services.get(key);
    if (t !== undefined) return now - t <= this.serviceTtlMs;
    let first = this.firstAsked.get(key);
    if (first === undefined) {
      first = now;
      remember(this.firstAsked, key, now, graceMs);
    }
    return now - first < graceMs;
  }

  /** Drops a slice of the oldest entries at once, so eviction costs one iterator per slice. */
  private evict(): void {
    if (this.previous.size === 0) {
      this.previous = this.current;
      this.current = new Map();
    }
    let n = Math.max(1, this.maxTraces >> 6);
    for (const k of this.previous.keys()) {
      this.previous.delete(k);
      if (--n === 0) break;
    }
  }
}
