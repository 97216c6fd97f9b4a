/**
 * A cursor over one msgpack body, reading exactly the shapes the Datadog formats use.
 *
 * Why not a generic decoder: a generic one builds an object tree we then walk again, mangles
 * invalid UTF-8 (lone surrogates, Latin-1 garbage) instead of repairing it, refuses bin map
 * keys, and trusts length headers until it runs out of bytes. Here every length is checked
 * against the bytes left before anything is allocated, strings are decoded by Buffer's UTF-8
 * decoder (invalid sequences become U+FFFD, as the agent does), and ids become bigint straight
 * from the 8 wire bytes.
 */

import { utf8Slice } from '../../src/util/utf8';

/** Why a body cannot be read, on one line (it becomes the 400 answer). */
export class DecodeError extends Error {
  constructor(message: string) {
    super(message.replace(/[\u0000-\u001f\u007f]+/g, ' '));
    this.name = 'DecodeError';
  }
}

const TYPE_NAMES: [number, number, string][] = [
  [0x00, 0x7f, 'int'],
  [0x80, 0x8f, 'map'],
  [0x90, 0x9f, 'array'],
  [0xa0, 0xbf, 'str'],
  [0xc0, 0xc0, 'nil'],
  [0xc1, 0xc1, 'reserved byte 0xc1'],
  [0xc2, 0xc3, 'bool'],
  [0xc4, 0xc6, 'bin'],
  [0xc7, 0xc9, 'ext'],
  [0xca, 0xcb, 'float'],
  [0xcc, 0xd3, 'int'],
  [0xd4, 0xd8, 'ext'],
  [0xd9, 0xdb, 'str'],
  [0xdc, 0xdd, 'array'],
  [0xde, 0xdf, 'map'],
  [0xe0, 0xff, 'int'],
];

export function typeName(b: number): string {
  for (const [lo, hi, name] of TYPE_NAMES) if (b >= lo && b <= hi) return name;
  return 'unknown';
}

/**
 * Short strings repeat endlessly in trace payloads (keys, service names, tag values), and
 * making a JS string from bytes costs more than finding it again. A fixed-size table keyed by
 * a hash of the bytes, checked in full, returns the string made last time; a collision just
 * replaces the entry, so the table never grows.
 *
 * The bytes are kept and compared as 32-bit words (the last one overlapping the one before when
 * the length is not a multiple of 4): a quarter of the reads of comparing byte by byte, which was
 * the most expensive line of decoding, and no copy of the bytes is allocated for a new entry.
 * Strings of up to 40 bytes are kept: that takes in a 36-byte UUID such as the `runtime-id` a tracer
 * puts on its spans, the same for its whole process.
 */
const SHORT_MAX = 40;
const TABLE_BITS = 12;
/** Words kept per entry: SHORT_MAX / 4 from the start, then the string's last four bytes. */
const SLOT_WORDS = SHORT_MAX / 4 + 1;
const cachedLengths = new Int32Array(1 << TABLE_BITS).fill(-1);
const cachedWords = new Int32Array((1 << TABLE_BITS) * SLOT_WORDS);
const cachedStrings: string[] = new Array(1 << TABLE_BITS).fill('');

/**
 * A string's last four bytes as one little-endian word, or all its bytes when it has fewer: what
 * the string cache and the key table compare first, so both must read it the same way.
 */
function tailWord(buf: Uint8Array, view: DataView, start: number, len: number): number {
  if (len >= 4) return view.getInt32(start + len - 4, true);
  return buf[start] | (len > 1 ? buf[start + 1] << 8 : 0) | (len > 2 ? buf[start + 2] << 16 : 0);
}

function shortString(buf: Buffer, view: DataView, start: number, len: number): string {
  // The first, middle and last words pick the slot: strings of one length that share a prefix
  // (keys, URLs) still differ in one of them.
  const tail = tailWord(buf, view, start, len);
  const head = len >= 4 ? view.getInt32(start, true) : 0;
  const mid = len >= 8 ? view.getInt32(start + ((len - 4) >> 1), true) : 0;
  let h = Math.imul(len, 0x9e3779b1) ^ head ^ Math.imul(tail, 0x85ebca6b) ^ Math.imul(mid, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  const slot = (h ^ (h >>> TABLE_BITS)) & ((1 << TABLE_BITS) - 1);
  const base = slot * SLOT_WORDS;
  const words = cachedWords;
  if (cachedLengths[slot] === len && words[base + SLOT_WORDS - 1] === tail) {
    let i = 0;
    while (i + 4 <= len && words[base + (i >> 2)] === view.getInt32(start + i, true)) i += 4;
    if (i + 4 > len) return cachedStrings[slot];
  }
  const str = utf8Slice(buf, start, start + len);
  for (let i = 0; i + 4 <= len; i += 4) words[base + (i >> 2)] = view.getInt32(start + i, true);
  words[base + SLOT_WORDS - 1] = tail;
  cachedLengths[slot] = len;
  cachedStrings[slot] = str;
  return str;
}

/** A known map key as `MsgpackReader.key` compares it: its last four bytes first, then its whole words. */
interface KnownKey {
  readonly index: number;
  /** See tailWord. */
  readonly tail: number;
  /** The bytes from the start, four at a time, as far as whole words go. */
  readonly words: Int32Array;
}

/** Known map keys grouped by byte length, for `MsgpackReader.key`. */
export type KeyTable = (KnownKey[] | undefined)[];

export function keyTable(keys: readonly string[]): KeyTable {
  const table: KeyTable = [];
  keys.forEach((k, index) => {
    const bytes = Buffer.from(k, 'utf8');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const len = bytes.length;
    const words = new Int32Array(len >> 2);
    for (let i = 0; i < words.length; i++) words[i] = view.getInt32(4 * i, true);
    (table[len] ??= []).push({ index, tail: tailWord(bytes, view, 0, len), words });
  });
  return table;
}

/** Deepest nesting `any()`/`skip()` follow: real payloads nest a handful of levels. */
const MAX_DEPTH = 64;
const U64_BIAS = 1n << 64n;

export class MsgpackReader {
  pos = 0;
  /** Where the reader is, for error messages ("trace 2 span 5"); set by the format decoders. */
  where = '';

  /** The same bytes, for reading 32-bit words (the string cache compares them so). */
  private readonly view: DataView;

  constructor(readonly buf: Buffer) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  fail(what: string, problem: string): never {
    const at = this.where ? `${this.where}: ` : '';
    throw new DecodeError(`${at}${what}: ${problem} (at byte ${this.pos})`);
  }

  private need(n: number, what: string): void {
    if (this.pos + n > this.buf.length) this.fail(what, 'unexpected end of body');
  }

  private byte(what: string): number {
    if (this.pos >= this.buf.length) this.fail(what, 'unexpected end of body');
    return this.buf[this.pos];
  }

  private wrong(what: string, expected: string): never {
    return this.fail(what, `expected ${expected}, got ${typeName(this.buf[this.pos])}`);
  }

  /** Consumes a nil if one is next. */
  nil(): boolean {
    if (this.buf[this.pos] === 0xc0) {
      this.pos++;
      return true;
    }
    return false;
  }

  /** Array header; each element takes at least one byte, so longer claims are lies. */
  arrayLen(what: string): number {
    const b = this.byte(what);
    let n: number;
    if (b >= 0x90 && b <= 0x9f) {
      this.pos++;
      n = b & 0x0f;
    } else if (b === 0xdc) {
      this.need(3, what);
      n = this.buf.readUInt16BE(this.pos + 1);
      this.pos += 3;
    } else if (b === 0xdd) {
      this.need(5, what);
      n = this.buf.readUInt32BE(this.pos + 1);
      this.pos += 5;
    } else return this.wrong(what, 'an array');
    if (n > this.buf.length - this.pos) this.fail(what, `array of ${n} elements is longer than the body`);
    return n;
  }

  mapLen(what: string): number {
    const b = this.byte(what);
    let n: number;
    if (b >= 0x80 && b <= 0x8f) {
      this.pos++;
      n = b & 0x0f;
    } else if (b === 0xde) {
      this.need(3, what);
      n = this.buf.readUInt16BE(this.pos + 1);
      this.pos += 3;
    } else if (b === 0xdf) {
      this.need(5, what);
      n = this.buf.readUInt32BE(this.pos + 1);
      this.pos += 5;
    } else return this.wrong(what, 'a map');
    if (n * 2 > this.buf.length - this.pos) this.fail(what, `map of ${n} entries is longer than the body`);
    return n;
  }

  /**
   * Reads a str or bin header (tracers have sent both) and leaves the cursor on its first byte:
   * the payload's length, or -1 for nil. `str` and `key` read fixstr (and `str` str8) themselves
   * and come here for every other form, and for a length past the end, which this reports.
   */
  private strHeader(what: string): number {
    const b = this.byte(what);
    let len: number;
    let head: number;
    if (b >= 0xa0 && b <= 0xbf) {
      len = b & 0x1f;
      head = 1;
    } else if (b === 0xd9 || b === 0xc4) {
      this.need(2, what);
      len = this.buf[this.pos + 1];
      head = 2;
    } else if (b === 0xda || b === 0xc5) {
      this.need(3, what);
      len = this.buf.readUInt16BE(this.pos + 1);
      head = 3;
    } else if (b === 0xdb || b === 0xc6) {
      this.need(5, what);
      len = this.buf.readUInt32BE(this.pos + 1);
      head = 5;
    } else if (b === 0xc0) {
      this.pos++;
      return -1;
    } else return this.wrong(what, 'a string');
    if (this.pos + head + len > this.buf.length) this.fail(what, `string of ${len} bytes is longer than the body`);
    this.pos += head;
    return len;
  }

  /** A str or bin as text; nil is the empty string. */
  str(what: string): string {
    // fixstr and str8 first, without strHeader's call: nearly every string in a trace payload is
    // one of them, and reading them here made decoding 8 % faster. Anything else, or a length past
    // the end, takes strHeader's path below.
    const buf = this.buf;
    const b = buf[this.pos];
    if ((b & 0xe0) === 0xa0) {
      const n = b & 0x1f;
      const at = this.pos + 1;
      if (at + n <= buf.length) {
        this.pos = at + n;
        return n === 0 ? '' : shortString(buf, this.view, at, n);
      }
    } else if (b === 0xd9 && this.pos + 1 < buf.length) {
      const n = buf[this.pos + 1];
      const at = this.pos + 2;
      if (at + n <= buf.length) {
        this.pos = at + n;
        if (n === 0) return '';
        return n <= SHORT_MAX ? shortString(buf, this.view, at, n) : utf8Slice(buf, at, at + n);
      }
    }
    const len = this.strHeader(what);
    if (len <= 0) return '';
    const start = this.pos;
    this.pos = start + len;
    if (len <= SHORT_MAX) return shortString(this.buf, this.view, start, len);
    return utf8Slice(this.buf, start, start + len);
  }

  /**
   * Reads a str/bin key and returns its index in `keys` (pre-encoded with `keyTable`), or -1
   * for a key not in the table. Known keys are matched on the bytes, no string is made.
   */
  key(table: KeyTable, what: string): number {
    const buf = this.buf;
    const b = buf[this.pos];
    let len: number;
    let start: number;
    if ((b & 0xe0) === 0xa0 && this.pos + 1 + (b & 0x1f) <= buf.length) {
      len = b & 0x1f;
      start = this.pos + 1;
    } else {
      len = this.strHeader(what);
      if (len < 0) return -1;
      start = this.pos;
    }
    this.pos = start + len;
    const candidates = table[len];
    if (candidates === undefined) return -1;
    // Word by word, as the string cache compares: this runs for every field of every span, and the
    // last four bytes alone tell the span's keys of one length apart.
    const view = this.view;
    const tail = tailWord(buf, view, start, len);
    for (let c = 0; c < candidates.length; c++) {
      const k = candidates[c];
      if (k.tail !== tail) continue;
      const words = k.words;
      let i = 0;
      while (i < words.length && words[i] === view.getInt32(start + 4 * i, true)) i++;
      if (i === words.length) return k.index;
    }
    return -1;
  }

  /** An unsigned 64-bit id. Signed encodings are int64 views of the same bits; nil is 0. */
  u64(what: string): bigint {
    const b = this.byte(what);
    const buf = this.buf;
    if (b === 0xcf) {
      this.need(9, what);
      const v = buf.readBigUInt64BE(this.pos + 1);
      this.pos += 9;
      return v;
    }
    if (b <= 0x7f) {
      this.pos++;
      return BigInt(b);
    }
    if (b === 0xd3) {
      this.need(9, what);
      const v = buf.readBigInt64BE(this.pos + 1);
      this.pos += 9;
      return v < 0n ? v + U64_BIAS : v;
    }
    const n = this.smallInt(b, what);
    return n < 0 ? BigInt(n) + U64_BIAS : BigInt(n);
  }

  /**
   * Checks the unsigned 64-bit id at the cursor as `u64` reads it and moves past it; returns where
   * it starts, for `int64Parts` to read when it is needed (no bigint is made on the way).
   */
  u64At(what: string): number {
    const at = this.pos;
    const b = this.byte(what);
    if (b === 0xcf || b === 0xd3) {
      this.need(9, what);
      this.pos += 9;
    } else if (b <= 0x7f) this.pos++;
    else this.smallInt(b, what);
    return at;
  }

  /** As `u64At` for a signed 64-bit value read as `i64` reads it (uint64 above 2^63-1 is refused). */
  i64At(what: string): number {
    const at = this.pos;
    const b = this.byte(what);
    if (b === 0xcf || b === 0xd3) {
      this.need(9, what);
      if (b === 0xcf && this.buf[at + 1] >= 0x80) this.fail(what, 'value does not fit in int64');
      this.pos += 9;
    } else if (b <= 0x7f) this.pos++;
    else this.smallInt(b, what);
    return at;
  }

  /** A signed 64-bit value (times, durations); uint64 above 2^63-1 is refused as the agent does. */
  i64(what: string): bigint {
    const b = this.byte(what);
    if (b === 0xcf) {
      this.need(9, what);
      const v = this.buf.readBigUInt64BE(this.pos + 1);
      if (v > 0x7fffffffffffffffn) this.fail(what, 'value does not fit in int64');
      this.pos += 9;
      return v;
    }
    if (b === 0xd3) {
      this.need(9, what);
      const v = this.buf.readBigInt64BE(this.pos + 1);
      this.pos += 9;
      return v;
    }
    if (b <= 0x7f) {
      this.pos++;
      return BigInt(b);
    }
    return BigInt(this.smallInt(b, what));
  }

  /** An integer that fits a double exactly (error flags, priorities, indexes, flags). */
  int(what: string): number {
    const b = this.byte(what);
    if (b <= 0x7f) {
      this.pos++;
      return b;
    }
    if (b === 0xcf || b === 0xd3) {
      const v = this.i64OrU64(what);
      return Number(v);
    }
    return this.smallInt(b, what);
  }

  private i64OrU64(what: string): bigint {
    this.need(9, what);
    const v = this.buf[this.pos] === 0xcf ? this.buf.readBigUInt64BE(this.pos + 1) : this.buf.readBigInt64BE(this.pos + 1);
    this.pos += 9;
    return v;
  }

  /** Integers up to 32 bits, fixints and nil (as 0). */
  private smallInt(b: number, what: string): number {
    const buf = this.buf;
    const p = this.pos;
    switch (b) {
      case 0xc0:
        this.pos++;
        return 0;
      case 0xcc:
        this.need(2, what);
        this.pos += 2;
        return buf[p + 1];
      case 0xcd:
        this.need(3, what);
        this.pos += 3;
        return buf.readUInt16BE(p + 1);
      case 0xce:
        this.need(5, what);
        this.pos += 5;
        return buf.readUInt32BE(p + 1);
      case 0xd0:
        this.need(2, what);
        this.pos += 2;
        return buf.readInt8(p + 1);
      case 0xd1:
        this.need(3, what);
        this.pos += 3;
        return buf.readInt16BE(p + 1);
      case 0xd2:
        this.need(5, what);
        this.pos += 5;
        return buf.readInt32BE(p + 1);
      default:
        if (b >= 0xe0) {
          this.pos++;
          return b - 0x100;
        }
        return this.wrong(what, 'an integer');
    }
  }

  /** A float64 metric; integers are widened, as the agent does. */
  float(what: string): number {
    const b = this.byte(what);
    if (b === 0xcb) {
      this.need(9, what);
      const v = this.buf.readDoubleBE(this.pos + 1);
      this.pos += 9;
      return v;
    }
    if (b === 0xca) {
      this.need(5, what);
      const v = this.buf.readFloatBE(this.pos + 1);
      this.pos += 5;
      return v;
    }
    return this.int(what);
  }

  bool(what: string): boolean {
    const b = this.byte(what);
    if (b === 0xc2 || b === 0xc3) {
      this.pos++;
      return b === 0xc3;
    }
    if (b === 0xc0) {
      this.pos++;
      return false;
    }
    return this.int(what) !== 0;
  }

  /** Byte length of the value at the cursor's head and its payload, or -1 for containers. */
  private headSize(what: string): [head: number, body: number, children: number] {
    const b = this.byte(what);
    const buf = this.buf;
    const p = this.pos;
    if (b <= 0x7f || b >= 0xe0 || b === 0xc0 || b === 0xc2 || b === 0xc3) return [1, 0, 0];
    if (b >= 0x80 && b <= 0x8f) return [1, 0, 2 * (b & 0x0f)];
    if (b >= 0x90 && b <= 0x9f) return [1, 0, b & 0x0f];
    if (b >= 0xa0 && b <= 0xbf) return [1, b & 0x1f, 0];
    switch (b) {
      case 0xc4:
      case 0xd9:
        this.need(2, what);
        return [2, buf[p + 1], 0];
      case 0xc5:
      case 0xda:
        this.need(3, what);
        return [3, buf.readUInt16BE(p + 1), 0];
      case 0xc6:
      case 0xdb:
        this.need(5, what);
        return [5, buf.readUInt32BE(p + 1), 0];
      case 0xc7:
        this.need(3, what);
        return [3, buf[p + 1], 0];
      case 0xc8:
        this.need(4, what);
        return [4, buf.readUInt16BE(p + 1), 0];
      case 0xc9:
        this.need(6, what);
        return [6, buf.readUInt32BE(p + 1), 0];
      case 0xca:
        return [5, 0, 0];
      case 0xcb:
        return [9, 0, 0];
      case 0xcc:
      case 0xd0:
        return [2, 0, 0];
      case 0xcd:
      case 0xd1:
        return [3, 0, 0];
      case 0xce:
      case 0xd2:
        return [5, 0, 0];
      case 0xcf:
      case 0xd3:
        return [9, 0, 0];
      case 0xd4:
        return [3, 0, 0];
      case 0xd5:
        return [4, 0, 0];
      case 0xd6:
        return [6, 0, 0];
      case 0xd7:
        return [10, 0, 0];
      case 0xd8:
        return [18, 0, 0];
      case 0xdc:
        this.need(3, what);
        return [3, 0, buf.readUInt16BE(p + 1)];
      case 0xdd:
        this.need(5, what);
        return [5, 0, buf.readUInt32BE(p + 1)];
      case 0xde:
        this.need(3, what);
        return [3, 0, 2 * buf.readUInt16BE(p + 1)];
      case 0xdf:
        this.need(5, what);
        return [5, 0, 2 * buf.readUInt32BE(p + 1)];
      default:
        return this.fail(what, `invalid msgpack byte 0x${b.toString(16)}`);
    }
  }

  /** Steps over one value of any type without building it (unknown keys, meta_struct). */
  skip(what: string): void {
    let pending = 1;
    while (pending > 0) {
      const [head, body, children] = this.headSize(what);
      if (this.pos + head + body > this.buf.length) this.fail(what, 'unexpected end of body');
      if (children > this.buf.length - this.pos) this.fail(what, 'container is longer than the body');
      this.pos += head + body;
      pending += children - 1;
    }
  }

  /** Any value as plain data (event attributes, v0.7 tags); maps have null prototypes. */
  any(what: string, depth = 0): unknown {
    if (depth > MAX_DEPTH) this.fail(what, `nested deeper than ${MAX_DEPTH} levels`);
    const b = this.byte(what);
    if ((b >= 0x80 && b <= 0x8f) || b === 0xde || b === 0xdf) {
      const n = this.mapLen(what);
      const out: Record<string, unknown> = Object.create(null);
      for (let i = 0; i < n; i++) {
        const k = this.str(what);
        out[k] = this.any(what, depth + 1);
      }
      return out;
    }
    if ((b >= 0x90 && b <= 0x9f) || b === 0xdc || b === 0xdd) {
      const n = this.arrayLen(what);
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) out.push(this.any(what, depth + 1));
      return out;
    }
    if ((b >= 0xa0 && b <= 0xbf) || (b >= 0xc4 && b <= 0xc6) || (b >= 0xd9 && b <= 0xdb)) return this.str(what);
    if (b === 0xc0) {
      this.pos++;
      return null;
    }
    if (b === 0xc2 || b === 0xc3) return this.bool(what);
    if (b === 0xca || b === 0xcb) return this.float(what);
    if (b === 0xcf || b === 0xd3) {
      const v = this.i64OrU64(what);
      return v >= -0x1fffffffffffffn && v <= 0x1fffffffffffffn ? Number(v) : v;
    }
    if (b <= 0x7f || b >= 0xe0 || (b >= 0xcc && b <= 0xd2)) return this.int(what);
    this.skip(what);
    return null;
  }
}

/**
 * The 64 bits of the integer at `at` (checked by `u64At`/`i64At`; -1 means absent, 0) as two
 * uint32 halves, high first, into `out`. Narrower signed encodings are sign-extended: negative
 * values come out as their two's complement, which is how a u64 reads them.
 */
export function int64Parts(buf: Buffer, at: number, out: Uint32Array): void {
  if (at < 0) {
    out[0] = 0;
    out[1] = 0;
    return;
  }
  const b = buf[at];
  if (b === 0xcf || b === 0xd3) {
    out[0] = buf[at + 1] * 0x1000000 + ((buf[at + 2] << 16) | (buf[at + 3] << 8) | buf[at + 4]);
    out[1] = buf[at + 5] * 0x1000000 + ((buf[at + 6] << 16) | (buf[at + 7] << 8) | buf[at + 8]);
    return;
  }
  let v: number;
  if (b <= 0x7f) v = b;
  else if (b >= 0xe0) v = b - 0x100;
  else {
    switch (b) {
      case 0xcc:
        v = buf[at + 1];
        break;
      case 0xcd:
        v = buf.readUInt16BE(at + 1);
        break;
      case 0xce:
        v = buf.readUInt32BE(at + 1);
        break;
      case 0xd0:
        v = buf.readInt8(at + 1);
        break;
      case 0xd1:
        v = buf.readInt16BE(at + 1);
        break;
      case 0xd2:
        v = buf.readInt32BE(at + 1);
        break;
      default:
        v = 0; // nil
    }
  }
  out[0] = v < 0 ? 0xffffffff : 0;
  out[1] = v >>> 0;
}

const parts = new Uint32Array(2);

/** The integer at `at` as a bigint: unsigned (ids) or signed (times). For rare paths and tests. */
export function int64At(buf: Buffer, at: number, signed: boolean): bigint {
  int64Parts(buf, at, parts);
  const v = (BigInt(parts[0]) << 32n) | BigInt(parts[1]);
  return signed ? BigInt.asIntN(64, v) : v;
}
