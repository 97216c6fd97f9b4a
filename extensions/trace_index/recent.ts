/**
 * The traces a bridge has seen lately: the low 64 bits of each trace id (what a log line carries)
 * → the high 64 bits, and the services those traces came from. An open-addressing table of 32-bit
 * words in typed arrays: no object, string or timestamp per trace, and a lookup is a hash and a
 * probe or two (8× faster than a Map keyed by the 16-hex text, whose key must be flattened and
 * hashed per log line; see bench/correlation.ts).
 */
import { hexWord, wordsHex } from '../../src/data/ids';

/** A lookup's answers besides a slot: not seen lately, or seen with two high halves (no answer). */
export const NOT_SEEN = -1;
export const AMBIGUOUS = -2;
/** What a waiting record is told of a trace that arrived ambiguous. */
export const AMBIGUOUS_ID = 'ambiguous';

/** What `add` found: the trace was live in the current generation already, or it is new to it (ambiguous or not). */
export const KNOWN = 0;
export const NEW = 1;
export const NEW_AMBIGUOUS = 2;

/** Services remembered at most (hostile or misconfigured tracers can invent names without end). */
const MAX_SERVICES = 10000;
/** The key for traces of any service, and for lines that name none (receivers never leave service.name empty). */
const ANY = '';
const MIN_CAPACITY = 1024;

/** Sets `key` → `now`, first forgetting entries older than `maxAgeMs` (or all) when the map is full. */
function remember(m: Map<string, number>, key: string, now: number, maxAgeMs: number): void {
  if (m.size >= MAX_SERVICES && !m.has(key)) {
    for (const [k, t] of m) if (now - t > maxAgeMs) m.delete(k);
    if (m.size >= MAX_SERVICES) m.clear();
  }
  m.set(key, now);
}

/**
 * Two generations: a trace is stamped with the current one when seen; every `ttl`, or once the
 * current one holds half of `maxTraces`, a new generation begins and the one before the previous
 * dies, so a trace lives between `ttl` and `2 × ttl` after it was last seen and at most `maxTraces`
 * live at once. Dead slots are reused by later inserts and dropped when the table is rebuilt.
 */
export class RecentTraces {
  private capacity = 0;
  private mask = 0;
  private lowHi = new Uint32Array(0);
  private lowLo = new Uint32Array(0);
  private highHi = new Uint32Array(0);
  private highLo = new Uint32Array(0);
  /** The generation a slot was last seen in; 0 = never used. */
  private gen = new Uint32Array(0);
  private ambiguousAt = new Uint8Array(0);
  /** Slots ever filled (live or dead) since the last rebuild. */
  private used = 0;
  private generation = 2;
  private inCurrent = 0;
  private inPrevious = 0;
  private since: number;
  private readonly seed = (Math.random() * 2 ** 32) >>> 0;
  private readonly maxCapacity: number;
  /** Service → when a trace of it last arrived; `ANY` for any service. */
  private services = new Map<string, number>();
  /** Service → when its first log line asked, for services with no traces yet. */
  private firstAsked = new Map<string, number>();
  private readonly lastHigh = [-1, -1];
  private lastHighHex = '';
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
    let cap = MIN_CAPACITY;
    while (cap < 2 * maxTraces) cap *= 2;
    this.maxCapacity = cap;
    this.resize(MIN_CAPACITY);
  }

  /** Traces live now. */
  get size(): number {
    return this.inCurrent + this.inPrevious;
  }

  /** Bytes of the table (its typed arrays). */
  get bytes(): number {
    return this.capacity * 21;
  }

  /** Turns generations that are due; callers pass one `now` per batch rather than one per item. */
  tick(now: number): void {
    const age = now - this.since;
    if (age < this.ttlMs) return;
    this.turn(age >= 2 * this.ttlMs ? 2 : 1);
    this.since = now;
  }

  /**
   * Records a trace id (32 hex digits). KNOWN when it was in the current generation already, else
   * NEW or NEW_AMBIGUOUS (so records waiting for it may be looked for).
   */
  add(traceId: string): number {
    const hh = hexWord(traceId, 0);
    const hl = hexWord(traceId, 8);
    const lh = hexWord(traceId, 16);
    const ll = hexWord(traceId, 24);
    if (this.inCurrent >= this.maxTraces >> 1) this.turn(1);
    const g = this.generation;
    let slot = this.hash(lh, ll);
    let reuse = -1;
    for (;;) {
      const sg = this.gen[slot];
      if (sg === 0) break;
      const live = sg >= g - 1;
      if (this.lowLo[slot] === ll && this.lowHi[slot] === lh) {
        if (!live) {
          reuse = slot;
          break;
        }
        if ((this.highHi[slot] !== hh || this.highLo[slot] !== hl) && this.ambiguousAt[slot] === 0) {
          this.ambiguousAt[slot] = 1;
          this.ambiguous++;
        }
        if (sg === g) return KNOWN;
        this.gen[slot] = g;
        this.inPrevious--;
        this.inCurrent++;
        return this.ambiguousAt[slot] ? NEW_AMBIGUOUS : NEW;
      }
      if (!live && reuse < 0) reuse = slot;
      slot = (slot + 1) & this.mask;
    }
    if (reuse >= 0) slot = reuse;
    else this.used++;
    this.lowHi[slot] = lh;
    this.lowLo[slot] = ll;
    this.highHi[slot] = hh;
    this.highLo[slot] = hl;
    this.gen[slot] = g;
    this.ambiguousAt[slot] = 0;
    this.inCurrent++;
    if (this.used * 4 > this.capacity * 3) this.rebuild();
    return NEW;
  }

  /** The slot of a live trace with this low half (see highHi/highLo), NOT_SEEN, or AMBIGUOUS. */
  lookup(lh: number, ll: number): number {
    const g = this.generation;
    let slot = this.hash(lh, ll);
    for (;;) {
      const sg = this.gen[slot];
      if (sg === 0) return NOT_SEEN;
      if (this.lowLo[slot] === ll && this.lowHi[slot] === lh) {
        if (sg < g - 1) return NOT_SEEN;
        return this.ambiguousAt[slot] ? AMBIGUOUS : slot;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** The high half of the trace in `slot` as 16 hex digits, or undefined for a 64-bit trace (high half zero). */
  highOf(slot: number): string | undefined {
    const hh = this.highHi[slot];
    const hl = this.highLo[slot];
    if (hh === 0 && hl === 0) return undefined;
    // Datadog's high half is the trace's start second and 32 zero bits: traces of one second share it.
    if (hh !== this.lastHigh[0] || hl !== this.lastHigh[1]) {
      this.lastHigh[0] = hh;
      this.lastHigh[1] = hl;
      this.lastHighHex = wordsHex(hh, hl);
    }
    return this.lastHighHex;
  }

  /** Whether any trace arrived since this index began. */
  get tracedEver(): boolean {
    return this.services.size > 0;
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

  private hash(lh: number, ll: number): number {
    return (Math.imul(ll ^ this.seed, 0x9e3779b1) ^ Math.imul(lh, 0x85ebca6b)) & this.mask;
  }

  /** Starts `n` new generations: the traces of the older ones die. */
  private turn(n: number): void {
    this.generation += n;
    this.inPrevious = n === 1 ? this.inCurrent : 0;
    this.inCurrent = 0;
  }

  /** Refills the table with its live traces only, at a size that keeps it at most half full. */
  private rebuild(): void {
    const { lowHi, lowLo, highHi, highLo, gen, ambiguousAt, capacity } = this;
    let cap = MIN_CAPACITY;
    while (cap < 2 * this.size && cap < this.maxCapacity) cap *= 2;
    this.resize(cap);
    const g = this.generation;
    for (let i = 0; i < capacity; i++) {
      if (gen[i] < g - 1) continue;
      let slot = this.hash(lowHi[i], lowLo[i]);
      while (this.gen[slot] !== 0) slot = (slot + 1) & this.mask;
      this.lowHi[slot] = lowHi[i];
      this.lowLo[slot] = lowLo[i];
      this.highHi[slot] = highHi[i];
      this.highLo[slot] = highLo[i];
      this.gen[slot] = gen[i];
      this.ambiguousAt[slot] = ambiguousAt[i];
      this.used++;
    }
  }

  private resize(capacity: number): void {
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.lowHi = new Uint32Array(capacity);
    this.lowLo = new Uint32Array(capacity);
    this.highHi = new Uint32Array(capacity);
    this.highLo = new Uint32Array(capacity);
    this.gen = new Uint32Array(capacity);
    this.ambiguousAt = new Uint8Array(capacity);
    this.used = 0;
  }
}
