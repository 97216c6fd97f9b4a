import assert from 'node:assert/strict';
import { BodyError } from './body';
import { countJsonItems, type JsonItems } from './json-items';
import { defaultMaxItems, ITEM_COST, ItemBudget, requestLimits } from './limits';

const MiB = 1024 * 1024;

describe('max_request_items', () => {
  it('derives the default from the byte cap and the measured item costs, and takes a configured value as is', () => {
    // body × heap per wire byte × 2 / heap per item (limits.ts; README states the same figures).
    assert.equal(defaultMaxItems(25 * MiB, ITEM_COST.datadog), 140_853);
    assert.equal(defaultMaxItems(20 * MiB, ITEM_COST.otlpTraces), 105_331);
    assert.equal(defaultMaxItems(20 * MiB, ITEM_COST.otlpLogs), 367_173);
    assert.equal(defaultMaxItems(50 * MiB, ITEM_COST.datadog), 281_706, "twice the body, twice the items");
    assert.deepEqual(requestLimits(25 * MiB, 0, ITEM_COST.datadog), { maxBodyBytes: 25 * MiB, maxItems: 140_853 });
    assert.deepEqual(requestLimits(25 * MiB, 10, ITEM_COST.datadog), { maxBodyBytes: 25 * MiB, maxItems: 10 });
  });

  it('a budget takes up to its cap and refuses beyond it with a 413 naming the key', () => {
    const b = new ItemBudget(10);
    b.take(4);
    b.take(6);
    assert.throws(
      () => b.take(1),
      (e) => e instanceof BodyError && e.status === 413 && e.message === 'request body holds more than max_request_items (10) items',
    );
    assert.throws(() => new ItemBudget(10).take(3_000_000), (e) => e instanceof BodyError && e.status === 413);
  });
});

describe('countJsonItems: items of a JSON body before it is parsed', () => {
  const EV: JsonItems = { items: { count: true } };
  const SP: JsonItems = { items: { count: true, keys: { events: EV, links: EV } } };
  const SS: JsonItems = { items: { count: true, keys: { spans: SP } } };
  const RS: JsonItems = { items: { count: true, keys: { scopeSpans: SS } } };
  const OTLP: JsonItems = { keys: { resourceSpans: RS } };
  const count = (s: string, root: JsonItems, limit = 1e9) => countJsonItems(Buffer.from(s), root, limit);

  const cases: [string, string, JsonItems, number][] = [
    ['groups, scopes and spans', '{"resourceSpans":[{"scopeSpans":[{"spans":[{},{},{}]}]}]}', OTLP, 5],
    [
      'events and links count; look-alike keys in values, attributes and strings do not',
      '{"x":"resourceSpans","resourceSpans":[{"resource":{"attributes":[{"key":"spans","value":{"stringValue":"[{},{}]"}}]},"scopeSpans":[{"scope":{"name":"a\\"]"},"spans":[{"name":"x","events":[{"name":"e"},{}],"links":[]},{"attributes":[1,2,3]}]}]}]}',
      OTLP,
      6,
    ],
    ['nested arrays (datadog traces of spans)', '[[{},{},{"span_links":[{},{}]}],[]]', { items: { count: true, items: { count: true, keys: { span_links: EV } } } }, 7],
    ['scalars in a counted array', ' [{},{"a":[1,2]},"x",3,true,null]', EV, 6],
    ['empty', '[ ]', EV, 0],
    ['not an array', '{"a":1}', EV, 0],
    ['deep nesting outside the paths is skipped by brackets', `[${'['.repeat(100_000)}${']'.repeat(100_000)}]`, EV, 1],
    ['malformed: counts what it saw, the parser reports the rest', '[{},{},', EV, 2],
  ];
  for (const [name, text, root, n] of cases) it(name, () => assert.equal(count(text, root), n));

  it('refuses at the first item over the limit', () => {
    assert.throws(() => count(`[${'{},'.repeat(1000)}{}]`, EV, 100), (e) => e instanceof BodyError && e.status === 413);
    assert.equal(count(`[${'{},'.repeat(99)}{}]`, EV, 100), 100);
  });
});
