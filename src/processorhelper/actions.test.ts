import assert from 'node:assert/strict';
import { applyActions, validateActions } from './actions';

describe('attribute actions', () => {
  const base = { a: 'x', n: 1 };
  const cases: [string, Parameters<typeof applyActions>[1], Record<string, unknown>][] = [
    ['insert adds a missing key', [{ key: 'b', action: 'insert', value: 'y' }], { a: 'x', n: 1, b: 'y' }],
    ['insert keeps an existing key', [{ key: 'a', action: 'insert', value: 'y' }], base],
    ['update changes an existing key', [{ key: 'a', action: 'update', value: 'y' }], { a: 'y', n: 1 }],
    ['update ignores a missing key', [{ key: 'b', action: 'update', value: 'y' }], base],
    ['upsert sets either way', [{ key: 'a', action: 'upsert', value: 2 }, { key: 'c', action: 'upsert', value: true }], { a: 2, n: 1, c: true }],
    ['delete removes', [{ key: 'a', action: 'delete' }], { n: 1 }],
    ['from_attribute copies', [{ key: 'copy', action: 'insert', from_attribute: 'n' }], { a: 'x', n: 1, copy: 1 }],
  ];
  for (const [name, actions, want] of cases) {
    it(name, () => assert.deepEqual(applyActions(base, actions), want));
  }

  it('does not modify its input', () => {
    const input = { a: 'x' };
    applyActions(input, [{ key: 'a', action: 'delete' }]);
    assert.deepEqual(input, { a: 'x' });
  });

  it('rejects actions without a source or with two', () => {
    assert.deepEqual(validateActions([{ key: 'k', action: 'upsert' }, { key: 'k', action: 'delete', value: 1 }], 'actions').map((i) => i.message), [
      'action "upsert" needs exactly one of value or from_attribute',
      'action "delete" takes no value or from_attribute',
    ]);
  });
});
