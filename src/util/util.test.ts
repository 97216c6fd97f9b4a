import assert from 'node:assert/strict';
import { nearest } from './suggest';
import { setOwn } from './own';
import { withDeadline } from './deadline';
import { utf8Slice } from './utf8';

describe('util', () => {
  it('nearest: typos within a third of the length, else a longer name the word begins', () => {
    assert.equal(nearest('drop_keys', ['drop_key', 'add_key']), 'drop_key');
    assert.equal(nearest('lower', ['lowercase', 'uppercase']), 'lowercase');
    assert.equal(nearest('endpont', ['endpoint', 'timeout']), 'endpoint');
    assert.equal(nearest('xyz', ['endpoint', 'timeout']), undefined);
    assert.equal(nearest('ab', ['abc', 'abd']), 'abc');
  });
  it('nearest: the prefix rule reaches beyond the edit-distance limit only when one candidate is related', () => {
    // Both far beyond the limit (a third of the word, at least 2).
    assert.equal(nearest('time', ['timeout_seconds', 'endpoint']), 'timeout_seconds');
    assert.equal(nearest('endpoint_address', ['endpoint', 'timeout']), 'endpoint');
    assert.equal(nearest('ENDPOINT_ADDRESS', ['Endpoint']), 'Endpoint');
    // Two candidates begin with the word, or the word begins with one and extends another: ambiguous.
    assert.equal(nearest('parse', ['parse_duration', 'parse_date']), undefined);
    assert.equal(nearest('max_elapsed', ['max', 'max_elapsed_time']), undefined);
    // The same candidate listed twice is still one candidate.
    assert.equal(nearest('lower', ['lowercase', 'lowercase']), 'lowercase');
    // Under 3 characters on either side, no prefix rule: `ma` is too short to mean `max_interval`,
    // and `id` is too short a candidate to claim every word it begins.
    assert.equal(nearest('ma', ['max_interval_ms']), undefined);
    assert.equal(nearest('identifier_list', ['id']), undefined);
    // Within the limit edit distance still decides, even against a prefix match.
    assert.equal(nearest('lowe', ['lower_case', 'lore']), 'lore');
  });

  it('setOwn keeps __proto__ as a plain own key', () => {
    const o: Record<string, unknown> = {};
    setOwn(o, '__proto__', 1);
    setOwn(o, 'a', 2);
    assert.deepEqual(Object.keys(o), ['__proto__', 'a']);
    assert.equal(Object.getPrototypeOf(o), Object.prototype);
  });
  it('withDeadline tells settled from timed out and passes rejections on', async () => {
    assert.equal(await withDeadline(Promise.resolve(), 1000), true);
    assert.equal(await withDeadline(new Promise(() => {}), 5), false);
    await assert.rejects(withDeadline(Promise.reject(new Error('x')), 1000), /x/);
  });
});

describe('utf8Slice', () => {
  it('decodes as toString does, invalid bytes and out-of-range ends included', () => {
    const buf = Buffer.from([0x68, 0xc3, 0xa9, 0xff, 0x6c, 0xe2, 0x82, 0x6f, 0xf0, 0x9f, 0x98, 0x80]);
    for (let start = -2; start <= buf.length + 2; start++) {
      for (let end = -2; end <= buf.length + 2; end++) assert.equal(utf8Slice(buf, start, end), buf.toString('utf8', start, end), `${start}..${end}`);
    }
  });
});
