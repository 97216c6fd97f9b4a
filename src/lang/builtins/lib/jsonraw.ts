// Finding a value in JSON text without decoding the rest, as tidwall/gjson does for gjson():
// objects and arrays come back as their raw text, byte for byte, and a duplicated key finds its
// first occurrence.

export type RawKind = 'string' | 'number' | 'true' | 'false' | 'null' | 'object' | 'array';

export interface RawValue {
  kind: RawKind;
  raw: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Scanner {
  constructor(readonly text: string) {}

  ws(i: number): number {
    while (i < this.text.length && ' \t\r\n'.includes(this.text[i])) i++;
    return i;
  }

  /** End of the string starting at i (a quote), or -1. */
  string(i: number): number {
    for (let j = i + 1; j < this.text.length; j++) {
      const c = this.text[j];
      if (c === '\\') j++;
      else if (c === '"') return j + 1;
    }
    return -1;
  }

  /** End of the value starting at i, or -1 when there is none. */
  value(i: number): number {
    const c = this.text[i];
    if (c === '"') return this.string(i);
    if (c === '{' || c === '[') {
      let j = this.ws(i + 1);
      const close = c === '{' ? '}' : ']';
      if (this.text[j] === close) return j + 1;
      for (;;) {
        if (c === '{') {
          const k = this.string(j);
          if (this.text[j] !== '"' || k < 0) return -1;
          j = this.ws(k);
          if (this.text[j] !== ':') return -1;
          j = this.ws(j + 1);
        }
        const e = this.value(j);
        if (e < 0) return -1;
        j = this.ws(e);
        if (this.text[j] === ',') j = this.ws(j + 1);
        else if (this.text[j] === close) return j + 1;
        else return -1;
      }
    }
    for (const lit of ['true', 'false', 'null']) if (this.text.startsWith(lit, i)) return i + lit.length;
    NUMBER.lastIndex = i;
    return NUMBER.test(this.text) ? NUMBER.lastIndex : -1;
  }

  kind(i: number): RawKind {
    const c = this.text[i];
    if (c === '"') return 'string';
    if (c === '{') return 'object';
    if (c === '[') return 'array';
    if (c === 't') return 'true';
    if (c === 'f') return 'false';
    if (c === 'n') return 'null';
    return 'number';
  }

  /** Start of the member `key` of the object at i, or of element `index` of the array at i; -1 when absent. */
  child(i: number, seg: string): number {
    const isObj = this.text[i] === '{';
    if (!isObj && !/^\d+$/.test(seg)) return -1;
    let j = this.ws(i + 1);
    for (let n = 0; ; n++) {
      if (this.text[j] === (isObj ? '}' : ']')) return -1;
      let hit = !isObj && n === Number(seg);
      if (isObj) {
        const k = this.string(j);
        if (k < 0) return -1;
        try {
          hit = JSON.parse(this.text.slice(j, k)) === seg;
        } catch {
          return -1;
        }
        j = this.ws(k);
        if (this.text[j] !== ':') return -1;
        j = this.ws(j + 1);
      }
      if (hit) return j;
      const e = this.value(j);
      if (e < 0) return -1;
      j = this.ws(e);
      if (this.text[j] === ',') j = this.ws(j + 1);
      else return -1;
    }
  }

  count(i: number): number {
    let j = this.ws(i + 1);
    if (this.text[j] === ']') return 0;
    for (let n = 1; ; n++) {
      const e = this.value(j);
      if (e < 0) return n - 1;
      j = this.ws(e);
      if (this.text[j] !== ',') return n;
      j = this.ws(j + 1);
    }
  }
}

/** The value at `path` (object keys, array indexes, `#` for an array's length) in JSON `text`. */
export function rawAt(text: string, path: readonly string[]): RawValue | undefined {
  const s = new Scanner(text);
  let i = s.ws(0);
  for (const seg of path) {
    const c = text[i];
    if (c === '[' && seg === '#') return { kind: 'number', raw: String(s.count(i)) };
    if (c !== '{' && c !== '[') return undefined;
    i = s.child(i, seg);
    if (i < 0) return undefined;
  }
  const end = s.value(i);
  return end < 0 ? undefined : { kind: s.kind(i), raw: text.slice(i, end) };
}
