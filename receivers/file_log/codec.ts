/**
 * Byte-level knowledge of each encoding: where a line ends and how bytes become text.
 * Lines are found in bytes (so offsets stay exact) and decoded one entry at a time;
 * bytes that are invalid in the encoding become U+FFFD rather than an error.
 */
import { utf8Slice } from '../../src/util/utf8';

export const ENCODINGS = ['utf-8', 'utf8', 'utf-16le', 'utf-16be', 'latin1', 'iso-8859-1', 'ascii', 'us-ascii', 'nop'] as const;
export type EncodingName = (typeof ENCODINGS)[number];

export interface Codec {
  readonly name: string;
  /** Bytes per code unit: a cut must land on a multiple of it. */
  readonly unit: 1 | 2;
  /** Index of the first byte of the next newline at or after `from`, or -1. `from` is unit-aligned to `start`. */
  findNewline(buf: Buffer, from: number, end: number): number;
  /** True when the code unit just before `nl` is a carriage return. */
  crBefore(buf: Buffer, start: number, nl: number): boolean;
  decode(buf: Buffer, start: number, end: number): string | Uint8Array;
  /** Largest cut point <= `at` that does not split a character. */
  cutPoint(buf: Buffer, start: number, at: number): number;
}

const singleByte = (name: string, decode: Codec['decode']): Codec => ({
  name,
  unit: 1,
  findNewline(buf, from, end) {
    const i = buf.indexOf(0x0a, from);
    return i >= 0 && i < end ? i : -1;
  },
  crBefore: (buf, start, nl) => nl > start && buf[nl - 1] === 0x0d,
  decode,
  cutPoint: (_buf, _start, at) => at,
});

const utf8: Codec = {
  ...singleByte('utf-8', utf8Slice),
  cutPoint(buf, start, at) {
    // Step back over continuation bytes so the cut falls before a character's first byte.
    let p = at;
    while (p > start && p > at - 4 && (buf[p] & 0xc0) === 0x80) p--;
    return p > start ? p : at;
  },
};

const NON_ASCII = /[\x80-\xff]/g;

function utf16(name: string, littleEndian: boolean): Codec {
  return {
    name,
    unit: 2,
    findNewline(buf, from, end) {
      // Aligned scan for the code unit 0x000A; a 0x0A byte inside another unit does not count.
      for (let i = buf.indexOf(0x0a, from); i >= 0 && i < end; i = buf.indexOf(0x0a, i + 1)) {
        if (littleEndian) {
          if ((i - from) % 2 === 0 && i + 1 < end && buf[i + 1] === 0) return i;
        } else if ((i - from) % 2 === 1 && buf[i - 1] === 0) {
          return i - 1;
        }
      }
      return -1;
    },
    crBefore(buf, start, nl) {
      if (nl - start < 2) return false;
      return littleEndian ? buf[nl - 2] === 0x0d && buf[nl - 1] === 0 : buf[nl - 2] === 0 && buf[nl - 1] === 0x0d;
    },
    decode(buf, s, e) {
      const end = s + ((e - s) & ~1);
      if (littleEndian) return buf.toString('utf16le', s, end);
      const swapped = Buffer.from(buf.subarray(s, end));
      swapped.swap16();
      return swapped.toString('utf16le');
    },
    cutPoint(buf, start, at) {
      let p = start + ((at - start) & ~1);
      // Do not separate a surrogate pair: a high surrogate is 0xD800-0xDBFF.
      const hi = littleEndian ? buf[p - 1] : buf[p - 2];
      if (p - start >= 2 && hi >= 0xd8 && hi <= 0xdb) p -= 2;
      return p > start ? p : start + ((at - start) & ~1);
    },
  };
}

export function codecFor(name: EncodingName): Codec {
  switch (name) {
    case 'utf-8':
    case 'utf8':
      return utf8;
    case 'utf-16le':
      return utf16('utf-16le', true);
    case 'utf-16be':
      return utf16('utf-16be', false);
    case 'latin1':
    case 'iso-8859-1':
      return singleByte('latin1', (buf, s, e) => buf.toString('latin1', s, e));
    case 'ascii':
    case 'us-ascii':
      return singleByte('ascii', (buf, s, e) => buf.toString('latin1', s, e).replace(NON_ASCII, '\ufffd'));
    case 'nop':
      // Raw bytes: the body is a byte array, copied so it does not pin the read buffer.
      return singleByte('nop', (buf, s, e) => new Uint8Array(buf.subarray(s, e)));
  }
}
