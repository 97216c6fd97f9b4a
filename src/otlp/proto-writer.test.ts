import assert from 'node:assert/strict';
import fc from 'fast-check';
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
