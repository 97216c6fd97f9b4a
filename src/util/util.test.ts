import assert from 'node:assert/strict';
import { nearest } from './suggest';
import { setOwn } from './own';
import { withDeadline } from './deadline';

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
