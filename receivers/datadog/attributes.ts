/**
 * A Datadog span's meta and metrics as its OTel attributes, gathered for one span at a time and
 * written straight to protobuf: no attribute object per span. The result is what a plain object
 * would hold had each attribute been assigned to it in turn: a key set twice keeps its first place
 * and its last value, and array-index keys ("0", "17") come first in numeric order.
 */
import { writeKeyValue } from '../../src/otlp/encode-common-proto';
import { keyField, ProtoWriter, type KeyHead } from '../../src/otlp/proto-writer';
import { isDigits } from '../../src/data/ids';
import { otelKey } from './semconv';

/** One OTel attribute key, interned, with the bookkeeping of the span being gathered. */
export interface Slot {
  readonly key: string;
  /** An array index: objects list those keys first. */
  readonly index: boolean;
  /** The key whose integral text values become ints (the convention types the status code so). */
  readonly statusCode: boolean;
  /** The key field of a KeyValue, encoded once: 0x0a, length, UTF-8. */
  readonly head: KeyHead;
  /** Which span set it last, and where its value is. */
  stamp: number;
  at: number;
}

/** Span.attributes (field 9). */
const ATTRIBUTE = (9 << 3) | 2;

/** Meta keys consumed by the translation rather than copied as attributes. */
const CONSUMED = new Set(['_dd.span_links', 'events', '_dd.span_events.has_exception', 'env', 'version']);

/** The meta entries the translation itself reads, taken in the same pass that copies the attributes. */
export interface MetaView {
  kind: string | undefined;
  baseService: string | undefined;
  env: string | undefined;
  version: string | undefined;
  hostname: string | undefined;
  peerHostname: string | undefined;
  events: string | undefined;
  spanLinks: string | undefined;
  errorMsg: string | undefined;
  errorMessage: string | undefined;
  errorType: string | undefined;
  errorStack: string | undefined;
}

const ROLES: Record<string, keyof MetaView> = {
  'span.kind': 'kind',
  '_dd.base_service': 'baseService',
  env: 'env',
  version: 'version',
  '_dd.hostname': 'hostname',
  'peer.hostname': 'peerHostname',
  events: 'events',
  '_dd.span_links': 'spanLinks',
  'error.msg': 'errorMsg',
  'error.message': 'errorMessage',
  'error.type': 'errorType',
  'error.stack': 'errorStack',
};

/** What a meta key becomes: an attribute (or none, when consumed) and what the translation reads from it. */
interface MetaKey extends WireKey {
  role: keyof MetaView | undefined;
}

/**
 * A meta or metrics key as it came, with its attribute slot (null: consumed) and the bookkeeping
 * that makes a key sent twice in one map count once, with its last value, at its first place.
 */
interface WireKey {
  slot: Slot | null;
  stamp: number;
  at: number;
}
const STATUS_KEY = 'http.response.status_code';
/** Past this many distinct keys the tables start over, between two spans, so hostile keys cannot grow them. */
const MAX_KEYS = 8192;

let slots = new Map<string, Slot>();
/** The span being gathered: slots are shared, so stamps are too. */
let stamp = 0;
/** The map being read (meta or metrics of the span being gathered). */
let wireStamp = 0;
/** Meta key → its plan; metrics key → slot (both memoised: keys recur). */
let metaKeys = new Map<string, MetaKey>();
let metricKeys = new Map<string, WireKey>();
/** Bumped when the tables start over: plans remembered before then are stale. */
let generation = 0;

function isArrayIndex(k: string): boolean {
  const n = k.length;
  if (n === 0 || n > 10 || (k.charCodeAt(0) === 48 && n > 1)) return false;
  for (let i = 0; i < n; i++) {
    const c = k.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return Number(k) < 4294967295;
}

/** Slots the translation holds on to (its own attributes): kept when the tables start over. */
const pinned: Slot[] = [];

/** A slot for a key the translation sets itself, the same object for as long as the process runs. */
export function pinnedSlot(key: string): Slot {
  const s = slotOf(key);
  pinned.push(s);
  return s;
}

export function slotOf(key: string): Slot {
  let s = slots.get(key);
  if (s === undefined) {
    s = { key, index: isArrayIndex(key), statusCode: key === STATUS_KEY, head: keyField(key), stamp: 0, at: 0 };
    slots.set(key, s);
  }
  return s;
}

function metaKey(k: string): MetaKey {
  let m = metaKeys.get(k);
  if (m === undefined) {
    m = { slot: CONSUMED.has(k) ? null : slotOf(otelKey(k)), role: Object.hasOwn(ROLES, k) ? ROLES[k] : undefined, stamp: 0, at: 0 };
    metaKeys.set(k, m);
  }
  return m;
}

function emptyView(): MetaView {
  return {
    kind: undefined,
    baseService: undefined,
    env: undefined,
    version: undefined,
    hostname: undefined,
    peerHostname: undefined,
    events: undefined,
    spanLinks: undefined,
    errorMsg: undefined,
    errorMessage: undefined,
    errorType: undefined,
    errorStack: undefined,
  };
}

function metricKey(k: string): WireKey {
  let m = metricKeys.get(k);
  if (m === undefined) {
    m = { slot: slotOf(otelKey(k)), stamp: 0, at: 0 };
    metricKeys.set(k, m);
  }
  return m;
}

/** How many leading pairs of a map remember their key's plan (see PlanMemo). */
const MEMO_PAIRS = 64;

/**
 * The plan of the key found at each position of the last map read. Spans from one tracer list
 * their tags in the same order, and the reader hands out one string per recurring key, so most
 * keys are found by an identity test instead of a hash lookup.
 */
class PlanMemo {
  keys: string[] = [];
  plans: WireKey[] = [];
  generation = generation;

  clear(): void {
    this.keys = [];
    this.plans = [];
    this.generation = generation;
  }
}

/** Values written from the span's ids as decimal text when the attributes are written, not held as strings. */
export const TRACE_ID_TEXT: object = Object.freeze({ id: 'trace' });
export const SPAN_ID_TEXT: object = Object.freeze({ id: 'span' });

export class SpanAttributes {
  /** The current span's meta entries that the translation reads (set by addMeta). */
  readonly meta: MetaView = emptyView();
  private readonly idHalves = new Uint32Array(4);
  private keys: Slot[] = [];
  private vals: (string | number | object)[] = [];
  private n = 0;
  private indexed = false;

  /** Starts the next span. */
  begin(): void {
    this.n = 0;
    this.indexed = false;
    if (slots.size > MAX_KEYS) {
      // A meta key naming a pinned slot's attribute must find that slot, or has() and set() would
      // see two attributes of one name.
      slots = new Map(pinned.map((p) => [p.key, p]));
      metaKeys = new Map();
      metricKeys = new Map();
      generation++;
    }
    if (++stamp === 0x3fffffff || wireStamp > 0x3ffffff0) {
      // Stamps stay small integers: start over, with every slot and key marked as unset.
      stamp = 1;
      wireStamp = 0;
      for (const s of slots.values()) s.stamp = 0;
      for (const k of metaKeys.values()) k.stamp = 0;
      for (const k of metricKeys.values()) k.stamp = 0;
    }
  }

  set(slot: Slot, v: string | number | object): void {
    if (slot.stamp === stamp) {
      this.vals[slot.at] = v;
      return;
    }
    slot.stamp = stamp;
    slot.at = this.n;
    this.keys[this.n] = slot;
    this.vals[this.n++] = v;
    if (slot.index) this.indexed = true;
  }

  setKey(key: string, v: string | number): void {
    this.set(slotOf(key), v);
  }

  has(slot: Slot): boolean {
    return slot.stamp === stamp;
  }

  /**
   * Meta entries, except those the translation consumes; the status code as an int when it is one.
   * Pairs are taken as a map of them holds them: a key sent twice counts once, with its last value,
   * in its first place (which decides which of two keys that name one attribute wins).
   */
  addMeta(meta: readonly string[]): void {
    const view = this.meta;
    view.kind = view.baseService = view.env = view.version = view.hostname = view.peerHostname = undefined;
    view.events = view.spanLinks = view.errorMsg = view.errorMessage = view.errorType = view.errorStack = undefined;
    const n = this.dedupe(meta, metaKey, this.metaMemo);
    const keys = this.wireKeys;
    const vals = this.wireVals;
    for (let i = 0; i < n; i++) {
      const plan = keys[i] as MetaKey;
      const v = vals[i] as string;
      if (plan.role !== undefined) view[plan.role] = v;
      const slot = plan.slot;
      if (slot === null) continue;
      // Unlike the datadogreceiver, the status code is an int, as the convention types it.
      this.set(slot, slot.statusCode && isDigits(v, 3) ? Number(v) : v);
    }
  }

  addMetrics(metrics: readonly (string | number)[]): void {
    const n = this.dedupe(metrics, metricKey, this.metricMemo);
    for (let i = 0; i < n; i++) this.set(this.wireKeys[i].slot!, this.wireVals[i]);
  }

  private wireKeys: WireKey[] = [];
  private wireVals: (string | number)[] = [];
  private readonly metaMemo = new PlanMemo();
  private readonly metricMemo = new PlanMemo();

  /** The map the pairs make, as keys and values in insertion order into wireKeys/wireVals; returns its size. */
  private dedupe(pairs: readonly (string | number)[], plan: (k: string) => WireKey, memo: PlanMemo): number {
    const mark = ++wireStamp;
    const keys = this.wireKeys;
    const vals = this.wireVals;
    if (memo.generation !== generation) memo.clear();
    let n = 0;
    for (let i = 0; i < pairs.length; i += 2) {
      const key = pairs[i] as string;
      const j = i >> 1;
      let k: WireKey;
      if (j < MEMO_PAIRS && memo.keys[j] === key) k = memo.plans[j];
      else {
        k = plan(key);
        if (j < MEMO_PAIRS) {
          memo.keys[j] = key;
          memo.plans[j] = k;
        }
      }
      if (k.stamp === mark) {
        vals[k.at] = pairs[i + 1];
        continue;
      }
      k.stamp = mark;
      k.at = n;
      keys[n] = k;
      vals[n++] = pairs[i + 1];
    }
    return n;
  }

  /** The span's ids, for the attributes set to TRACE_ID_TEXT / SPAN_ID_TEXT. */
  ids(traceHi: number, traceLo: number, spanHi: number, spanLo: number): void {
    const ids = this.idHalves;
    ids[0] = traceHi;
    ids[1] = traceLo;
    ids[2] = spanHi;
    ids[3] = spanLo;
  }

  /** Every attribute as a KeyValue of Span.attributes, in object order. */
  write(w: ProtoWriter): void {
    const { keys, n } = this;
    if (!this.indexed) {
      for (let i = 0; i < n; i++) this.writeOne(w, i);
      return;
    }
    const first: number[] = [];
    for (let i = 0; i < n; i++) if (keys[i].index) first.push(i);
    first.sort((a, b) => Number(keys[a].key) - Number(keys[b].key));
    for (const i of first) this.writeOne(w, i);
    for (let i = 0; i < n; i++) if (!keys[i].index) this.writeOne(w, i);
  }

  private writeOne(w: ProtoWriter, i: number): void {
    const slot = this.keys[i];
    const v = this.vals[i];
    if (typeof v === 'string') {
      if (!w.headStringKv(ATTRIBUTE, slot.head, v)) writeKeyValue(w, ATTRIBUTE, slot.key, v);
    } else if (typeof v === 'object') {
      const ids = this.idHalves;
      const at = v === TRACE_ID_TEXT ? 0 : 2;
      w.headDecimalKv(ATTRIBUTE, slot.head, ids[at], ids[at + 1]);
    } else if ((v | 0) === v && v >= 0) w.headIntKv(ATTRIBUTE, slot.head, v);
    else writeKeyValue(w, ATTRIBUTE, slot.key, v);
  }
}
