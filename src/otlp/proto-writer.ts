/**
 * A protobuf writer for the OTLP encoders: one growing Buffer, reused across requests, written in
 * a single pass. A message's length is written in front of its content, so each message reserves
 * the number of length bytes it probably needs and moves its content only when the guess was wrong
 * (rare when the guess comes from the previous sibling's size). Output is canonical protobuf:
 * minimal varints, fields in the order the caller writes them.
 */

const TWO_32 = 4294967296;

/** Nibble value of an ASCII hex digit, or -1. */
const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX[65 + i] = 10 + i;
  HEX[97 + i] = 10 + i;
}

/** Decimal digits of an integer in [0, 10^8). */
function digitCount(v: number): number {
  return v < 10000 ? (v < 100 ? (v < 10 ? 1 : 2) : v < 1000 ? 3 : 4) : v < 1000000 ? (v < 100000 ? 5 : 6) : v < 10000000 ? 7 : 8;
}

/** "00" to "99" as ASCII pairs: digits are written two at a time, half the divisions. */
const DIGIT_PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 48 + (i & 1 ? (i >> 1) % 10 : ((i >> 1) / 10) | 0));

/** The last `count` decimal digits of `v` (an integer below 10^8), zero-padded, ending before `end`. */
function digits(b: Buffer, end: number, v: number, count: number): void {
  for (; count > 1; count -= 2) {
    const q = (v / 100) | 0;
    const r = (v - q * 100) << 1;
    b[--end] = DIGIT_PAIRS[r + 1];
    b[--end] = DIGIT_PAIRS[r];
    v = q;
  }
  if (count === 1) b[--end] = 48 + v - ((v / 10) | 0) * 10;
}

export function varintSize(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

/**
 * Writes a varint of a value in [0, 2^32) at `p`; returns the position after it. The one varint
 * writer: every length, tag and 32-bit value goes through it (`i64` has its own two-word loop).
 */
function putVarint(b: Buffer, p: number, v: number): number {
  while (v > 0x7f) {
    b[p++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  b[p++] = v;
  return p;
}

/**
 * As putAsciiKeyHead, for a key field already encoded (see KeyHead). The head goes in as 32-bit
 * words, up to 3 bytes past its end: those lie inside the KeyValue, whose value follows at once.
 */
function putEncodedKeyHead(b: Buffer, view: DataView, p: number, tag: number, kvLen: number, head: KeyHead): number {
  b[p++] = tag;
  p = putVarint(b, p, kvLen);
  const words = head.words;
  for (let i = 0; i < words.length; i++) view.setInt32(p + 4 * i, words[i], true);
  p += head.length;
  b[p++] = 0x12;
  return p;
}

function viewOf(b: Buffer): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * What both one-shot KeyValue writers start with: `tag`, the KeyValue's length, the ASCII key as
 * field 1, and field 2's tag. The position after it, or -1 at the key's first non-ASCII character
 * (the caller then writes nothing: `pos` has not moved).
 */
function putAsciiKeyHead(b: Buffer, p: number, tag: number, kvLen: number, key: string): number {
  b[p++] = tag;
  p = putVarint(b, p, kvLen);
  b[p++] = 0x0a;
  p = putVarint(b, p, key.length);
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c >= 0x80) return -1;
    b[p++] = c;
  }
  b[p++] = 0x12;
  return p;
}

/** A scratch buffer kept between requests only up to this size, so one huge batch does not pin memory. */
const KEEP_BYTES = 4 * 1024 * 1024;

/** Buffer's own UTF-8 writer (public on Buffer.prototype, missing from @types/node): no argument parsing. */
interface Utf8Buffer {
  utf8Write(s: string, offset: number, maxBytes: number): number;
}

/** Strings longer than this are copied by Buffer's native writer: cheaper than a JS loop past ~24 units. */
const NATIVE_FROM = 24;

/**
 * An AnyValue holding `value` as string_value, `avLen` its message length, when `value` is all
 * ASCII (the caller has ensured room for 3 bytes a unit); the position after it, or -1 (then what
 * was written past `p` is to be ignored).
 */
function putAsciiAnyValue(b: Buffer, p: number, avLen: number, value: string): number {
  const vl = value.length;
  p = putVarint(b, p, avLen);
  b[p++] = 0x0a;
  p = putVarint(b, p, vl);
  if (vl > NATIVE_FROM) {
    // Non-ASCII shows as more bytes than UTF-16 units.
    return (b as unknown as Utf8Buffer).utf8Write(value, p, 3 * vl) === vl ? p + vl : -1;
  }
  for (let i = 0; i < vl; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x80) return -1;
    b[p++] = c;
  }
  return p;
}

const f64 = new Float64Array(1);
const f64b = new Uint8Array(f64.buffer);

export class ProtoWriter {
  buf: Buffer;
  pos = 0;
  private view: DataView;

  /** `slow`: a buffer of its own outside Node's pool, for output that outlives the writer. */
  constructor(initial = 64 * 1024, private readonly slow = false) {
    this.buf = slow ? Buffer.allocUnsafeSlow(initial) : Buffer.allocUnsafe(initial);
    this.view = viewOf(this.buf);
  }

  /** Starts a new message stream at offset 0. */
  reset(): void {
    this.pos = 0;
    if (this.buf.length > KEEP_BYTES) this.setBuf(Buffer.allocUnsafe(64 * 1024));
  }

  private setBuf(b: Buffer): void {
    this.buf = b;
    this.view = viewOf(b);
  }

  /** A copy of what was written: the scratch buffer is reused by the next request. */
  finish(): Uint8Array {
    const out = Buffer.allocUnsafeSlow(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    return out;
  }

  ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = this.slow ? Buffer.allocUnsafeSlow(size) : Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.setBuf(next);
  }

  /** A varint of a value in [0, 2^32). Tags are written with this too (pass `(field << 3) | wire`). */
  u32(v: number): void {
    this.ensure(5);
    this.pos = putVarint(this.buf, this.pos, v);
  }

  /** A one-byte tag (field numbers up to 15). */
  tag1(t: number): void {
    this.ensure(1);
    this.buf[this.pos++] = t;
  }

  /**
   * An int64 varint of an integral number in [-2^63, 2^63); negatives are two's complement, ten bytes.
   * Exact for every such double: dividing by 2^32 is exact and `>>> 0` takes the value modulo 2^32.
   */
  i64(v: number): void {
    if (v >= 0 && v < TWO_32) {
      this.u32(v);
      return;
    }
    let lo: number;
    let hi: number;
    if (v >= 0) {
      lo = v >>> 0;
      hi = (v / TWO_32) >>> 0;
    } else {
      const a = -v;
      lo = a >>> 0;
      hi = (a / TWO_32) >>> 0;
      lo = (~lo + 1) >>> 0;
      hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
    }
    this.ensure(10);
    const b = this.buf;
    let p = this.pos;
    while (hi > 0 || lo > 0x7f) {
      b[p++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    b[p++] = lo;
    this.pos = p;
  }

  fixed32(v: number): void {
    this.ensure(4);
    const b = this.buf;
    const p = this.pos;
    b[p] = v & 0xff;
    b[p + 1] = (v >>> 8) & 0xff;
    b[p + 2] = (v >>> 16) & 0xff;
    b[p + 3] = (v >>> 24) & 0xff;
    this.pos = p + 4;
  }

  fixed64(lo: number, hi: number): void {
    this.ensure(8);
    const b = this.buf;
    const p = this.pos;
    b[p] = lo & 0xff;
    b[p + 1] = (lo >>> 8) & 0xff;
    b[p + 2] = (lo >>> 16) & 0xff;
    b[p + 3] = (lo >>> 24) & 0xff;
    b[p + 4] = hi & 0xff;
    b[p + 5] = (hi >>> 8) & 0xff;
    b[p + 6] = (hi >>> 16) & 0xff;
    b[p + 7] = (hi >>> 24) & 0xff;
    this.pos = p + 8;
  }

  /**
   * HrTime [seconds, nanos] as fixed64 nanoseconds, exactly, without BigInt: seconds are split at
   * 2^16 so every product stays below 2^53. Fractional parts are truncated, as the official encoder does.
   */
  hrTime(seconds: number, nanos: number): void {
    const s = Math.trunc(seconds);
    const sLo = s % 65536;
    const sHi = (s - sLo) / 65536;
    const a = sLo * 1e9 + Math.trunc(nanos); // < 2^47
    const b = sHi * 1e9; // total = b * 2^16 + a
    const bLo = b % 65536;
    const bHi = (b - bLo) / 65536; // b * 2^16 = bHi * 2^32 + bLo * 2^16
    const t = bLo * 65536 + a; // < 2^48
    const lo = t % TWO_32;
    this.fixed64(lo >>> 0, (bHi + (t - lo) / TWO_32) >>> 0);
  }

  /** A 64-bit value as fixed64 (little-endian), modulo 2^64: negative values are two's complement. */
  fixed64Big(v: bigint): void {
    this.ensure(8);
    this.view.setBigUint64(this.pos, BigInt.asUintN(64, v), true);
    this.pos += 8;
  }

  /** An unsigned 64-bit id as its 8 big-endian bytes (how OTLP ids are written), modulo 2^64. */
  u64be(v: bigint): void {
    this.ensure(8);
    this.view.setBigUint64(this.pos, BigInt.asUintN(64, v), false);
    this.pos += 8;
  }

  /** `src[start, end)` as it is. */
  copy(src: Buffer, start: number, end: number): void {
    this.ensure(end - start);
    this.pos += src.copy(this.buf, this.pos, start, end);
  }

  double(v: number): void {
    this.ensure(8);
    f64[0] = v;
    const s = f64b;
    const b = this.buf;
    const p = this.pos;
    b[p] = s[0];
    b[p + 1] = s[1];
    b[p + 2] = s[2];
    b[p + 3] = s[3];
    b[p + 4] = s[4];
    b[p + 5] = s[5];
    b[p + 6] = s[6];
    b[p + 7] = s[7];
    this.pos = p + 8;
  }

  bytes(v: Uint8Array): void {
    this.u32(v.length);
    this.ensure(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
  }

  /**
   * A length-prefixed UTF-8 string. Short ASCII is copied in a JS loop (a native call costs more);
   * anything else goes through Buffer's encoder, which, like TextEncoder, writes a lone surrogate as
   * U+FFFD.
   */
  string(s: string): void {
    const n = s.length;
    // At most 3 bytes per UTF-16 unit; reserve the length bytes the ASCII case needs.
    const reserve = varintSize(n);
    this.ensure(reserve + 3 * n + 5);
    const b = this.buf;
    const start = this.pos + reserve;
    let p = start;
    if (n > NATIVE_FROM) {
      p = start + (b as unknown as Utf8Buffer).utf8Write(s, start, 3 * n);
    } else {
      for (let i = 0; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) {
          p = start + (b as unknown as Utf8Buffer).utf8Write(s, start, 3 * n);
          break;
        }
        b[p++] = c;
      }
    }
    this.pos = p;
    this.endAt(start - reserve, reserve);
  }

  /**
   * A bytes field from a hex id of exactly `nBytes` bytes (2 × nBytes hex digits, either case).
   * Writes nothing and returns false for anything else, so a malformed id is omitted.
   */
  hexId(tag: number, hex: string | undefined, nBytes: number): boolean {
    if (typeof hex !== 'string' || hex.length !== 2 * nBytes) return false;
    this.ensure(2 + nBytes);
    const b = this.buf;
    const p0 = this.pos;
    b[p0] = tag;
    b[p0 + 1] = nBytes;
    let p = p0 + 2;
    for (let i = 0; i < hex.length; i += 2) {
      const h = hex.charCodeAt(i);
      const l = hex.charCodeAt(i + 1);
      const hv = h < 256 ? HEX[h] : -1;
      const lv = l < 256 ? HEX[l] : -1;
      if ((hv | lv) < 0) return false;
      b[p++] = (hv << 4) | lv;
    }
    this.pos = p;
    return true;
  }

  /**
   * A whole KeyValue (under a one-byte `tag`) whose key and string value are ASCII, with every length
   * computed up front: no reservations, one capacity check. Returns false, having written nothing,
   * when either string has a non-ASCII character.
   */
  asciiStringKv(tag: number, key: string, value: string): boolean {
    const kl = key.length;
    const vl = value.length;
    const avLen = 1 + varintSize(vl) + vl;
    const kvLen = 2 + varintSize(kl) + kl + varintSize(avLen) + avLen;
    // Room for the native writer's worst case too: growing later would drop the bytes written here.
    this.ensure(kvLen + 6 + 2 * vl);
    const b = this.buf;
    let p = putAsciiKeyHead(b, this.pos, tag, kvLen, key);
    if (p < 0) return false;
    p = putAsciiAnyValue(b, p, avLen, value);
    if (p < 0) return false;
    this.pos = p;
    return true;
  }

  /** A whole KeyValue with an ASCII key and an int_value in [0, 2^31); false if the key is not ASCII. */
  asciiIntKv(tag: number, key: string, value: number): boolean {
    const kl = key.length;
    const avLen = 1 + varintSize(value);
    const kvLen = 3 + varintSize(kl) + kl + avLen;
    this.ensure(kvLen + 6);
    const b = this.buf;
    let p = putAsciiKeyHead(b, this.pos, tag, kvLen, key);
    if (p < 0) return false;
    b[p++] = avLen;
    b[p++] = 0x18;
    this.pos = putVarint(b, p, value);
    return true;
  }

  /** Bytes as they are (a loop for the shortest, where it beats a native copy's ~40 ns). */
  raw(src: Uint8Array): void {
    const n = src.length;
    this.ensure(n);
    const b = this.buf;
    let p = this.pos;
    if (n > 24) b.set(src, p);
    else for (let i = 0; i < n; i++) b[p + i] = src[i];
    this.pos = p + n;
  }

  /**
   * A whole KeyValue (under a one-byte `tag`) whose key field is already encoded (`head`: 0x0a,
   * length, UTF-8) and whose value is an ASCII string. Returns false, having written nothing, when
   * the value is not ASCII.
   */
  headStringKv(tag: number, head: KeyHead, value: string): boolean {
    const hl = head.length;
    const vl = value.length;
    const avLen = 1 + varintSize(vl) + vl;
    const kvLen = hl + 1 + varintSize(avLen) + avLen;
    this.ensure(kvLen + 6 + 2 * vl);
    const b = this.buf;
    let p = putEncodedKeyHead(b, this.view, this.pos, tag, kvLen, head);
    p = putAsciiAnyValue(b, p, avLen, value);
    if (p < 0) return false;
    this.pos = p;
    return true;
  }

  /** 4 bytes big-endian (id halves). */
  u32be(v: number): void {
    this.ensure(4);
    const b = this.buf;
    const p = this.pos;
    b[p] = v >>> 24;
    b[p + 1] = (v >>> 16) & 0xff;
    b[p + 2] = (v >>> 8) & 0xff;
    b[p + 3] = v & 0xff;
    this.pos = p + 4;
  }

  /**
   * A whole KeyValue with an encoded key field (as headStringKv) whose value is the decimal text of
   * the unsigned 64-bit `hi` * 2^32 + `lo`, written digit by digit (no string is made).
   */
  headDecimalKv(tag: number, head: KeyHead, hi: number, lo: number): void {
    // v = q * 10^8 + low by long division over 16-bit limbs (every step below 2^53), then
    // q = top * 10^8 + mid: three groups of at most 8 digits, each a small integer.
    let c = (hi >>> 16) * 65536 + (hi & 0xffff);
    const q2 = Math.floor(c / 1e8);
    let rem = c - q2 * 1e8;
    c = rem * 65536 + (lo >>> 16);
    const q1 = Math.floor(c / 1e8);
    rem = c - q1 * 1e8;
    c = rem * 65536 + (lo & 0xffff);
    const q0 = Math.floor(c / 1e8);
    const low = (c - q0 * 1e8) | 0;
    const q = (q2 * 65536 + q1) * 65536 + q0; // < 1.9e11
    const top = Math.floor(q / 1e8) | 0; // < 1845
    const mid = (q - top * 1e8) | 0;
    const n = top > 0 ? digitCount(top) + 16 : mid > 0 ? digitCount(mid) + 8 : digitCount(low);
    const hl = head.length;
    const kvLen = hl + 4 + n;
    this.ensure(kvLen + 8);
    const b = this.buf;
    let p = putEncodedKeyHead(b, this.view, this.pos, tag, kvLen, head);
    b[p++] = n + 2;
    b[p++] = 0x0a;
    b[p++] = n;
    const end = p + n;
    this.pos = end;
    if (top > 0) {
      digits(b, end, low, 8);
      digits(b, end - 8, mid, 8);
      digits(b, end - 16, top, n - 16);
    } else if (mid > 0) {
      digits(b, end, low, 8);
      digits(b, end - 8, mid, n - 8);
    } else digits(b, end, low, n);
  }

  /** A whole KeyValue with an encoded key field (as headStringKv) and an int_value in [0, 2^31). */
  headIntKv(tag: number, head: KeyHead, value: number): void {
    const hl = head.length;
    const avLen = 1 + varintSize(value);
    const kvLen = hl + 2 + avLen;
    this.ensure(kvLen + 6);
    const b = this.buf;
    let p = putEncodedKeyHead(b, this.view, this.pos, tag, kvLen, head);
    b[p++] = avLen;
    b[p++] = 0x18;
    this.pos = putVarint(b, p, value);
  }

  /** Reserves `reserve` length bytes for a nested message; returns the mark to pass to `endAt`. */
  begin(reserve: number): number {
    this.ensure(reserve);
    const mark = this.pos;
    this.pos += reserve;
    return mark;
  }

  /** Writes the length of the message begun at `mark`; returns its content length. */
  endAt(mark: number, reserve: number): number {
    const contentStart = mark + reserve;
    const len = this.pos - contentStart;
    const need = varintSize(len);
    if (need !== reserve) {
      const delta = need - reserve;
      if (delta > 0) this.ensure(delta);
      this.buf.copyWithin(mark + need, contentStart, this.pos);
      this.pos += delta;
    }
    putVarint(this.buf, mark, len);
    return len;
  }
}

/**
 * A KeyValue's key field (tag, length, UTF-8) encoded once, for the writers that take a head: its
 * length in bytes, and those bytes as little-endian 32-bit words (the last one zero-padded), which
 * is how they are copied: a quarter of the stores of copying them byte by byte.
 */
export interface KeyHead {
  readonly length: number;
  readonly words: Int32Array;
}

export function keyField(key: string): KeyHead {
  const utf8 = Buffer.from(key, 'utf8');
  const w = new ProtoWriter(utf8.length + 8);
  w.tag1(0x0a);
  w.u32(utf8.length);
  w.raw(utf8);
  const bytes = Uint8Array.prototype.slice.call(w.buf, 0, w.pos);
  const words = new Int32Array((bytes.length + 3) >> 2);
  for (let i = 0; i < bytes.length; i++) words[i >> 2] |= bytes[i] << (8 * (i & 3));
  return { length: bytes.length, words };
}
