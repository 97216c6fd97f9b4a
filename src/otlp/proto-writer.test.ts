import assert from 'node:assert/strict';
import fc from 'fast-check';
import { writeKeyValue } from './encode-common-proto';
import { keyField, ProtoWriter } from './proto-writer';

/** The AnyValue string a headDecimalKv KeyValue carries, read back from its bytes. */
function decimalValue(hi: number, lo: number): string {
  const head = keyField('k');
  const w = new ProtoWriter(64);
  w.headDecimalKv(0x4a, head, hi, lo);
  const b = w.buf.subarray(0, w.pos);
  // tag, KeyValue length, key field (3 bytes), 0x12, AnyValue length, 0x0a, string length, digits
  const at = 2 + head.length;
  assert.equal(b[at], 0x12);
  assert.equal(b[1], w.pos - 2, 'KeyValue length');
  assert.equal(b[at + 1], w.pos - at - 2, 'AnyValue length');
  assert.equal(b[at + 2], 0x0a);
  assert.equal(b[at + 3], w.pos - at - 4, 'string length');
  return b.subarray(at + 4).toString('latin1');
}

const parts = (v: bigint): [number, number] => [Number(v >> 32n), Number(v & 0xffffffffn)];

describe('ProtoWriter.headDecimalKv', () => {
  it('writes every length of decimal text, 1 to 20 digits, as BigInt prints it', () => {
    for (let n = 1; n <= 20; n++) {
      for (const v of [10n ** BigInt(n - 1), 10n ** BigInt(n) - 1n, (10n ** BigInt(n) * 7n) / 13n]) {
        if (v >= 1n << 64n) continue;
        assert.equal(decimalValue(...parts(v)), v.toString(), `${n} digits`);
      }
    }
    assert.equal(decimalValue(0, 0), '0');
    assert.equal(decimalValue(0xffffffff, 0xffffffff), ((1n << 64n) - 1n).toString());
  });

  it('agrees with BigInt on any unsigned 64-bit value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (v) => decimalValue(...parts(v)) === v.toString()),
      { numRuns: 2000 },
    );
  });
});

describe('ProtoWriter: KeyValues with an encoded key head', () => {
  it('write what writeKeyValue writes, for every key length mod 4, at every offset, growing the buffer or not', () => {
    // The head is copied as 32-bit words that run up to 3 bytes past it: the value written next
    // must cover them, whatever the key's length and wherever the KeyValue starts.
    const keys = Array.from({ length: 41 }, (_, n) => 'k'.repeat(n)).concat(['é', 'ké', 'kéy', 'ключ', '键值', 'a😀']);
    const values: (string | number)[] = ['', 'v', 'value', 'x'.repeat(30), 0, 7, 300, 2 ** 31 - 1];
    for (const key of keys) {
      const head = keyField(key);
      for (const value of values) {
        for (let offset = 0; offset < 4; offset++) {
          for (const initial of [1, 256]) {
            const a = new ProtoWriter(initial);
            const b = new ProtoWriter(256);
            a.pos = b.pos = 0;
            for (let i = 0; i < offset; i++) {
              a.tag1(0xff);
              b.tag1(0xff);
            }
            if (typeof value === 'string') assert.equal(a.headStringKv(0x4a, head, value), true);
            else a.headIntKv(0x4a, head, value);
            writeKeyValue(b, 0x4a, key, value);
            assert.deepEqual(a.buf.subarray(0, a.pos), b.buf.subarray(0, b.pos), `${JSON.stringify(key)} = ${JSON.stringify(value)} at ${offset}`);
          }
        }
      }
    }
  });

  it('write the decimal id after a head of any length as its text would be written', () => {
    for (let n = 0; n < 12; n++) {
      const key = 'id'.padEnd(n, '.');
      const a = new ProtoWriter(1);
      const b = new ProtoWriter(256);
      a.headDecimalKv(0x4a, keyField(key), 0x12345678, 0x9abcdef0);
      writeKeyValue(b, 0x4a, key, ((0x12345678n << 32n) | 0x9abcdef0n).toString());
      assert.deepEqual(a.buf.subarray(0, a.pos), b.buf.subarray(0, b.pos), key);
    }
  });
});
