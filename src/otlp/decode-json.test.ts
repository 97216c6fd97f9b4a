import * as assert from 'node:assert/strict';
import { decodeSpans, DecodeError } from './decode';

describe('otlp JSON decode: 64-bit ranges', () => {
  const span = (start: string) =>
    `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","startTimeUnixNano":${start}}]}]}]}`;

  for (const v of ['1e30', '18446744073709551616', '1.8446744073709552e19']) {
    it(`rejects startTimeUnixNano ${v} (beyond uint64) as a number`, () => {
      assert.throws(() => decodeSpans(Buffer.from(span(v)), 'json'), (e: Error) => e instanceof DecodeError && /unsigned 64-bit/.test(e.message));
    });
  }
  it('still accepts the largest uint64 as a string and a JSON-safe number', () => {
    assert.equal(decodeSpans(Buffer.from(span('"18446744073709551615"')), 'json').length, 1);
    assert.deepEqual(decodeSpans(Buffer.from(span('1700000000000000000')), 'json')[0].startTime, [1700000000, 0]);
  });
});
