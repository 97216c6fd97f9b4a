import assert from 'node:assert/strict';
import { ResourceCache } from './resource';

describe('resource cache', () => {
  it('shares one Resource per set of attributes, whatever the key order', () => {
    const c = new ResourceCache();
    assert.equal(c.get({ a: '1', b: '2' }), c.get({ b: '2', a: '1' }));
    assert.notEqual(c.get({ a: '1' }), c.get({ a: '2' }));
  });

  it('derives one Resource per base and extra attributes, and the base itself for nothing extra', () => {
    const c = new ResourceCache();
    const base = c.get({ 'host.name': 'h' });
    const a = c.derive(base, { 'service.name': 'web', 'service.version': '1' });
    assert.deepEqual(a.attributes, { 'host.name': 'h', 'service.name': 'web', 'service.version': '1' });
    assert.equal(c.derive(base, { 'service.name': 'web', 'service.version': '1' }), a);
    assert.notEqual(c.derive(base, { 'service.name': 'web', 'service.version': '2' }), a);
    assert.equal(c.derive(base, {}), base);
    // A key/value split cannot alias another: "a" + "bc" vs "ab" + "c".
    assert.notEqual(c.derive(base, { a: 'bc' }), c.derive(base, { ab: 'c' }));
    // Asked twice in a row, the answer follows every input: the base, a key more, a key fewer.
    const other = c.get({ 'host.name': 'g' });
    const extra = { 'service.name': 'web', 'service.version': '1' };
    assert.equal(c.derive(base, extra), a);
    assert.equal(c.derive(other, extra).attributes['host.name'], 'g');
    assert.equal(c.derive(other, { ...extra, x: '1' }).attributes.x, '1');
    assert.equal(c.derive(other, { 'service.name': 'web' }).attributes['service.version'], undefined);
  });

  it('answers interleaved origins rightly, two of them and six', () => {
    const c = new ResourceCache();
    const base = c.get({ 'host.name': 'h' });
    for (const n of [2, 6]) {
      const first = Array.from({ length: n }, (_, i) => c.derive(base, { 'service.name': `s${i}` }));
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < n; i++) {
          const r = c.derive(base, { 'service.name': `s${i}` });
          assert.equal(r, first[i]);
          assert.equal(r.attributes['service.name'], `s${i}`);
        }
      }
    }
  });

  it('stays correct when ever-new values make it reset', () => {
    const c = new ResourceCache(10);
    const base = c.get({});
    for (let i = 0; i < 100; i++) c.derive(base, { 'service.name': `s${i}` });
    assert.equal(c.derive(base, { 'service.name': 's99' }).attributes['service.name'], 's99');
  });
});
