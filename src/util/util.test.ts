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
