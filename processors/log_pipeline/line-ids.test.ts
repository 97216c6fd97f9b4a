import assert from 'node:assert/strict';
import { idsInLine } from './line-ids';

describe('log_pipeline ids found in the line', () => {
  it("reads each tracer's injected form", () => {
    const want = { trace: '6740b4f400000000df8c4126fda6fb67', span: '12837828046733169079' };
    for (const line of [
      '[dd.service=web dd.trace_id=6740b4f400000000df8c4126fda6fb67 dd.span_id=12837828046733169079] - hi', // Python logging
      'msg dd.service="web" dd.trace_id="6740b4f400000000df8c4126fda6fb67" dd.span_id="12837828046733169079"', // Go %v
      '{"msg":"hi","dd.trace_id":"6740b4f400000000df8c4126fda6fb67","dd.span_id":"12837828046733169079"}', // JSON MDC
      'INFO dd.trace_id: 6740b4f400000000df8c4126fda6fb67, dd.span_id: 12837828046733169079 hi',
    ]) assert.deepEqual(idsInLine(line), want, line);
  });

  it('finds nothing without both ids, or in a longer key that merely ends the same way', () => {
    assert.equal(idsInLine('hello'), undefined);
    assert.equal(idsInLine('dd.trace_id=5 only'), undefined);
    assert.equal(idsInLine('xdd.trace_id=5 xdd.span_id=6'), undefined);
    assert.equal(idsInLine('dd.trace_id=5zz dd.span_id=6'), undefined);
  });
});
