import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSpanIdText, parseTraceIdText, spanIdHex, traceIdHex } from './ids';
import { hrTimeToNs, nsToHrTime } from './time';

describe('identity rules', () => {
  it('converts the seed ids', () => {
    assert.equal(traceIdHex(16108321602917563239n), '0000000000000000df8c4126fda6fb67');
    assert.equal(spanIdHex(12837828046733169079n), 'b22920973d13d1b7');
    assert.equal(traceIdHex(16108321602917563239n, '6740B4F400000000'), '6740b4f400000000df8c4126fda6fb67');
    assert.equal(traceIdHex(1n, 'not-hex'), '00000000000000000000000000000001');
  });

  it('reinterprets int64-encoded ids as the uint64 meant', () => {
    assert.equal(spanIdHex(-1n), 'ffffffffffffffff');
    assert.equal(traceIdHex(-1n, -2n), 'fffffffffffffffeffffffffffffffff');
    assert.equal(spanIdHex(-2338422470791988377n), 'df8c4126fda6fb67');
  });

  it('reads log ids in every form tracers write, to the same OTel ids', () => {
    const dec = parseTraceIdText('16108321602917563239')!;
    const hex16 = parseTraceIdText('df8c4126fda6fb67')!;
    const hex32 = parseTraceIdText('0000000000000000DF8C4126FDA6FB67')!;
    assert.deepEqual(dec, { traceId: '0000000000000000df8c4126fda6fb67', decimal: '16108321602917563239', low: 'df8c4126fda6fb67', lowHi: 0xdf8c4126, lowLo: 0xfda6fb67 });
    assert.deepEqual(hex16, dec);
    assert.deepEqual(hex32, dec);
    assert.equal(parseTraceIdText('6740b4f400000000df8c4126fda6fb67')!.low, undefined, 'a 128-bit id has its high half');
    assert.equal(parseTraceIdText('18446744073709551616'), undefined, 'above 2^64-1');
    assert.equal(parseTraceIdText('0'), undefined);
    assert.equal(parseTraceIdText(''), undefined);
    assert.deepEqual(parseSpanIdText('12837828046733169079'), { spanId: 'b22920973d13d1b7', decimal: '12837828046733169079' });
    assert.deepEqual(parseSpanIdText('b22920973d13d1b7'), { spanId: 'b22920973d13d1b7', decimal: '12837828046733169079' });
  });

  it('agrees between the span side and the log side for every 64-bit id (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }), fc.option(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })), (low, high) => {
        const tid = high === null ? undefined : high.toString(16).padStart(16, '0');
        const spanSide = traceIdHex(low, tid);
        const logText = tid && high !== 0n ? spanSide : low.toString();
        assert.equal(parseTraceIdText(logText)!.traceId, spanSide);
        assert.equal(parseSpanIdText(low.toString())!.spanId, spanIdHex(low));
      }),
    );
  });

  it('reads decimal ids exactly like BigInt, leading zeros and the 2^64 edge included (property)', () => {
    const reference = (t: string) => {
      const v = BigInt(t);
      return t.length > 20 || v === 0n || v > (1n << 64n) - 1n ? undefined : { hex: v.toString(16).padStart(16, '0'), decimal: v.toString() };
    };
    const check = (t: string) => {
      const want = reference(t);
      const trace = parseTraceIdText(t);
      const span = parseSpanIdText(t);
      assert.deepEqual(trace && { hex: trace.traceId.slice(16), decimal: trace.decimal }, want, t);
      assert.deepEqual(span && { hex: span.spanId, decimal: span.decimal }, want, t);
    };
    for (const t of ['18446744073709551615', '18446744073709551616', '99999999999999999999', '00000000000000000001', '4294967296', '4294967295', '000', '0'])
      check(t);
    fc.assert(fc.property(fc.stringMatching(/^[0-9]{1,20}$/), check));
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) + 5n }), fc.nat(3), (v, zeros) => check('0'.repeat(zeros) + v.toString())));
  });

  it('tells decimal from hex as the rule says, wherever a non-digit falls (property)', () => {
    // All digits (1-20 after trimming) is decimal; else 16 or 32 hex digits; else no id.
    const reference = (text: string) => {
      const t = text.trim();
      if (/^\d{1,20}$/.test(t)) {
        const v = BigInt(t);
        return v === 0n || v >= 1n << 64n ? undefined : v.toString(16).padStart(32, '0');
      }
      if (!/^([0-9a-fA-F]{16}|[0-9a-fA-F]{32})$/.test(t) || BigInt('0x' + t) === 0n) return undefined;
      return t.toLowerCase().padStart(32, '0');
    };
    // Decimal parsing reads the first 15 digits and the rest in two loops: a non-digit in either.
    const text = fc.oneof(
      fc.stringMatching(/^ ?\d{0,21}[0-9a-fA-F:\-]?\d{0,12} ?$/),
      fc.stringMatching(/^\d{0,14}[a-f:]\d{0,15}$/),
      fc.stringMatching(/^\d{15,19}[a-f:]\d{0,16}$/),
      fc.stringMatching(/^([0-9a-f]{16}|[0-9A-F]{32})$/),
    );
    fc.assert(
      fc.property(text, (t) => {
        assert.equal(parseTraceIdText(t)?.traceId, reference(t), JSON.stringify(t));
        // A span id is the same but never 32 hex digits.
        const span = t.trim().length === 32 ? undefined : reference(t)?.slice(16);
        assert.equal(parseSpanIdText(t)?.spanId, span, JSON.stringify(t));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps nanosecond times exact through HrTime', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 1n << 63n }), (ns) => assert.equal(hrTimeToNs(nsToHrTime(ns)), ns)));
  });
});
