// Per-run state: the point being processed (fields, tags, time), the script's
// variable scopes, and the drop/exit flags.

import type { Pos } from './lexer';
import { Value, goJson, toText } from './value';
import type { Zone } from './time/zone';

export class RuntimeError extends Error {
  /** The script the error happened in, when it is not the one that was run (use()). */
  file?: string;
  /** The use() calls that led there, innermost first, as "file:line:col". */
  readonly chain: string[] = [];

  constructor(message: string, public pos?: Pos) {
    super(message);
  }
}

export type Ev = (rt: Rt) => Value;

/** The tags of a point that has none: shared, never written (Rt makes a Map of its own on the first write). */
const NO_TAGS: ReadonlyMap<string, string> = new Map();

export class Rt {
  readonly fields: Map<string, Value>;
  /** The point's tags once it has or had any: most log lines never do, and a Map per line was ~5 % of a run's allocation. */
  private ownTags: Map<string, string> | undefined;
  /** Innermost scope last; a null slot is a block scope nobody has written to yet. */
  readonly scopes: Array<Map<string, Value> | null> = [null];
  dropped = false;
  exited = false;
  statusMapping = true;
  measurement: string;
  /** Set by point_window(): the window this point belongs to (the first call of a run wins). */
  window?: { stream: string; before: number; after: number };
  /** Set by window_hit() after point_window(). */
  windowHit = false;

  constructor(
    fields: Map<string, Value>,
    tags: Map<string, string> | undefined,
    readonly zone: Zone,
    readonly pointTimeNs: bigint | null,
    measurement: string,
    private readonly clock: () => bigint,
  ) {
    this.fields = fields;
    this.ownTags = tags;
    this.measurement = measurement;
  }

  /** The tags, to write: made on first use. */
  get tags(): Map<string, string> {
    return (this.ownTags ??= new Map());
  }

  /** The tags, to read: no Map is made for a point without any. */
  get tagsRead(): ReadonlyMap<string, string> {
    return this.ownTags ?? NO_TAGS;
  }

  nowNs(): bigint {
    return this.clock();
  }

  /** The point's own timestamp, or now when the input had none (ingestion time). */
  pointTimeOrNow(): bigint {
    return this.pointTimeNs ?? this.clock();
  }

  getVar(name: string): Value | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const s = this.scopes[i];
      if (s !== null) {
        const v = s.get(name);
        if (v !== undefined) return v;
      }
    }
    return undefined;
  }

  /** Assignment: update the variable where it lives, else create it in the innermost scope. */
  setVar(name: string, v: Value): void {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const s = this.scopes[i];
      if (s !== null && s.has(name)) {
        s.set(name, v);
        return;
      }
    }
    this.setVarLocal(name, v);
  }

  /** Creates the variable in the innermost scope (loop variables). */
  setVarLocal(name: string, v: Value): void {
    const top = this.scopes.length - 1;
    let s = this.scopes[top];
    if (s === null) {
      s = new Map();
      this.scopes[top] = s;
    }
    s.set(name, v);
  }

  /** Bare-name read: variable, then tag, then field, else nil. */
  read(key: string): Value {
    return this.lookup(key) ?? null;
  }

  /** Same as read() but distinguishes "missing" (undefined) from nil. */
  lookup(key: string): Value | undefined {
    if (this.scopes.length > 1 || this.scopes[0] !== null) {
      const v = this.getVar(key);
      if (v !== undefined) return v;
    }
    const t = this.ownTags?.get(key);
    if (t !== undefined) return t;
    const f = this.fields.get(key);
    return typeof f === 'object' && f !== null ? goJson(f) : f;
  }

  /** Point-only read (get_key, pt_kvs_get); a list or map stored raw reads as its JSON text, as in Go. */
  readPoint(key: string): Value | undefined {
    const t = this.ownTags?.get(key);
    if (t !== undefined) return t;
    const f = this.fields.get(key);
    return typeof f === 'object' && f !== null ? goJson(f) : f;
  }

  /** Point-only read that gives lists and maps as they are (pt_kvs_get(raw=true)). */
  readPointRaw(key: string): Value | undefined {
    const t = this.ownTags?.get(key);
    return t !== undefined ? t : this.fields.get(key);
  }

  /** Writes to the point: a tag stays a tag (as text); lists and maps are stored as Go JSON text. */
  write(key: string, v: Value): void {
    const tags = this.ownTags;
    if (tags !== undefined && tags.size !== 0 && tags.has(key)) {
      tags.set(key, tagText(v));
      return;
    }
    this.fields.set(key, typeof v === 'object' && v !== null ? goJson(v) : v);
  }

  /** Writes a list or map as it is (pt_kvs_set(raw=true)); a tag still becomes text. */
  writeRaw(key: string, v: Value): void {
    const tags = this.ownTags;
    if (tags !== undefined && tags.size !== 0 && tags.has(key)) tags.set(key, tagText(v));
    else this.fields.set(key, v);
  }

  setTag(key: string, v: Value): void {
    this.fields.delete(key);
    this.tags.set(key, tagText(v));
  }

  remove(key: string): void {
    this.ownTags?.delete(key);
    this.fields.delete(key);
  }

  has(key: string): boolean {
    return this.ownTags?.has(key) === true || this.fields.has(key);
  }
}

function tagText(v: Value): string {
  return toText(v);
}
