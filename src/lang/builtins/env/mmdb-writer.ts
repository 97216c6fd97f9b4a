// A small MaxMind DB (MMDB) writer, for tests and examples only: an IPv6 search tree with
// 32-bit records and the data types the City and ISP databases use. Written from the format
// specification so that geoip() is tested against real files rather than a stub reader.

import { isIPv4 } from 'node:net';

export type Datum = string | number | boolean | Datum[] | { [k: string]: Datum };

/** Encodes one value: control byte (type, size), extended type byte, size bytes, payload. */
function encode(v: Datum): Buffer {
  const head = (type: number, size: number): Buffer => {
    const ext = type > 7;
    let ctrl: number[];
    let extra: number[] = [];
    if (size < 29) ctrl = [size];
    else if (size < 285) { ctrl = [29]; extra = [size - 29]; }
    else if (size < 65821) { ctrl = [30]; extra = [(size - 285) >> 8, (size - 285) & 0xff]; }
    else { ctrl = [31]; const s = size - 65821; extra = [(s >> 16) & 0xff, (s >> 8) & 0xff, s & 0xff]; }
    const first = ((ext ? 0 : type) << 5) | ctrl[0];
    return Buffer.from(ext ? [first, type - 7, ...extra] : [first, ...extra]);
  };
  if (typeof v === 'string') {
    const b = Buffer.from(v, 'utf8');
    return Buffer.concat([head(2, b.length), b]);
  }
  if (typeof v === 'boolean') return head(14, v ? 1 : 0);
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 0 && v <= 0xffffffff) {
      const bytes: number[] = [];
      for (let x = v; x > 0; x = Math.floor(x / 256)) bytes.unshift(x % 256);
      return Buffer.concat([head(6, bytes.length), Buffer.from(bytes)]);
    }
    const b = Buffer.alloc(8);
    b.writeDoubleBE(v);
    return Buffer.concat([head(3, 8), b]);
  }
  if (Array.isArray(v)) return Buffer.concat([head(11, v.length), ...v.map(encode)]);
  const keys = Object.keys(v);
  return Buffer.concat([head(7, keys.length), ...keys.flatMap((k) => [encode(k), encode(v[k])])]);
}

/** The 128 bits of an address, IPv4 mapped into ::a.b.c.d as MaxMind's IPv6 databases hold it. */
function bitsOf(cidr: string): number[] {
  const [addr, lenText] = cidr.split('/');
  const bytes: number[] = new Array(16).fill(0);
  let len = Number(lenText);
  if (isIPv4(addr)) {
    addr.split('.').forEach((o, i) => { bytes[12 + i] = Number(o); });
    len += 96;
  } else {
    const [l, r = ''] = addr.split('::');
    const left = l ? l.split(':') : [];
    const right = r ? r.split(':') : [];
    const groups = [...left, ...new Array(8 - left.length - right.length).fill('0'), ...right];
    groups.forEach((g, i) => { const n = parseInt(g, 16); bytes[2 * i] = n >> 8; bytes[2 * i + 1] = n & 0xff; });
  }
  const bits: number[] = [];
  for (let i = 0; i < len; i++) bits.push((bytes[i >> 3] >> (7 - (i & 7))) & 1);
  return bits;
}

interface Node { kids: [Node | number | undefined, Node | number | undefined] }

/** An MMDB file holding `records` (CIDR → value) for `databaseType` ("GeoLite2-City", "GeoIP2-ISP"). */
export function writeMmdb(databaseType: string, records: Array<[string, Datum]>): Buffer {
  const data: Buffer[] = [];
  let dataLen = 0;
  const root: Node = { kids: [undefined, undefined] };
  for (const [cidr, value] of records) {
    const offset = dataLen;
    const enc = encode(value);
    data.push(enc);
    dataLen += enc.length;
    const bits = bitsOf(cidr);
    let n = root;
    bits.forEach((b, i) => {
      if (i === bits.length - 1) { n.kids[b] = offset; return; }
      let next = n.kids[b];
      if (typeof next !== 'object') { next = { kids: [undefined, undefined] }; n.kids[b] = next; }
      n = next;
    });
  }
  const nodes: Node[] = [];
  const number = new Map<Node, number>();
  const walk = (n: Node) => { number.set(n, nodes.length); nodes.push(n); for (const k of n.kids) if (typeof k === 'object') walk(k); };
  walk(root);
  const count = nodes.length;
  const tree = Buffer.alloc(count * 8);
  nodes.forEach((n, i) => n.kids.forEach((k, side) => {
    const rec = k === undefined ? count : typeof k === 'number' ? count + 16 + k : (number.get(k) as number);
    tree.writeUInt32BE(rec, i * 8 + side * 4);
  }));
  const meta = encode({
    node_count: count, record_size: 32, ip_version: 6, database_type: databaseType, languages: ['en'],
    binary_format_major_version: 2, binary_format_minor_version: 0, build_epoch: 1700000000, description: { en: 'test database' },
  });
  return Buffer.concat([tree, Buffer.alloc(16), ...data, Buffer.from([0xab, 0xcd, 0xef]), Buffer.from('MaxMind.com'), meta]);
}
