import assert from 'node:assert/strict';
import { encode } from '@msgpack/msgpack';
import { keyTable, MsgpackReader } from './msgpack-reader';

/** The index `key` gives each of `wire`, read one after the other from one body. */
function keyIndexes(known: string[], wire: (string | Uint8Array)[]): number[] {
  const table = keyTable(known);
  const r = new MsgpackReader(Buffer.concat(wire.map((k) => encode(k))));
  return wire.map(() => r.key(table, 'key'));
}

describe('datadog receiver: msgpack reader', () => {
  it('finds each known key of 1 to 20 bytes, and no key that differs from one in a single byte', () => {
    // Keys of one length that share their last four bytes, or their first: only a comparison of
    // every byte tells them apart.
    const known = Array.from({ length: 20 }, (_, n) => 'abcdefghijklmnopqrst'.slice(0, n + 1));
    known.push('xbcd', 'abcx', 'span_id', 'span_ix', 'resource', 'resourcf');
    assert.deepEqual(keyIndexes(known, known), known.map((_, i) => i));
    const near: string[] = [];
    for (const k of known) for (let at = 0; at < k.length; at++) near.push(k.slice(0, at) + 'Z' + k.slice(at + 1));
    assert.deepEqual(keyIndexes(known, near), near.map(() => -1));
  });

  it('reads keys sent as bin and as str8, and a key that ends on the last byte of the body', () => {
    const known = ['service', 'a', 'abcdefgh'];
    assert.deepEqual(keyIndexes(known, [new Uint8Array(Buffer.from('service')), 'abcdefgh', 'a']), [0, 2, 1]);
    const str8 = Buffer.concat([Buffer.from([0xd9, 7]), Buffer.from('service')]);
    assert.equal(new MsgpackReader(str8).key(keyTable(known), 'key'), 0);
  });
});
