import assert from 'node:assert/strict';
import { PermanentError, RefusedError } from '../consumer/errors';
import { BodyError } from './body';
import { statusFor, statusForInput, type HttpAnswer } from './status';

describe('statusFor: error → HTTP answer', () => {
  const cases: [string, unknown, HttpAnswer][] = [
    ['a body error keeps its status', new BodyError(415, 'unsupported'), { status: 415, message: 'unsupported', close: false }],
    ['413 closes the connection', new BodyError(413, 'too big'), { status: 413, message: 'too big', close: true }],
    ['permanent → 400', new PermanentError('never'), { status: 400, message: 'never' }],
    ['refused → 503 with its Retry-After in whole seconds', new RefusedError('memory', 2.5), { status: 503, message: 'memory', retryAfterSeconds: 3 }],
    ['a refusal asks to wait at least 1 s', new RefusedError('memory', 0), { status: 503, message: 'memory', retryAfterSeconds: 1 }],
    ['anything else is retryable', new Error('queue\nfull'), { status: 503, message: 'queue full', retryAfterSeconds: 1 }],
  ];
  for (const [name, err, want] of cases) {
    it(name, () => assert.deepEqual(statusFor(err), want));
  }

  it('statusForInput: bad input that is not a body error is a 400', () => {
    assert.deepEqual(statusForInput(new Error('cannot decode')), { status: 400, message: 'cannot decode' });
    assert.equal(statusForInput(new BodyError(413, 'too big')).status, 413);
  });
});
