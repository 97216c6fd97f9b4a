import assert from 'node:assert/strict';
import { hexWord } from '../../src/data/ids';
import { AMBIGUOUS, KNOWN, NEW, NEW_AMBIGUOUS, NOT_SEEN, RecentTraces } from './recent';

const id = (high: string, low: number) => high + low.toString(16).padStart(16, '0');
const HIGH_A = '6740b4f400000000';
const HIGH_B = '6740b4f500000000';
const ZERO = '0000000000000000';

/** What the table answers for the low half of `low`: the full id, 'ambiguous', or undefined. */
function find(r: RecentTraces, low: number | string): string | undefined {
  const text = typeof low === 'string' ? ZERO + low : id(ZERO, low);
  const slot = r.lookup(hexWord(text, 16), hexWord(text, 24));
  if (slot === NOT_SEEN) return undefined;
  if (slot === AMBIGUOUS) return 'ambiguous';
  return (r.highOf(slot) ?? ZERO) + text.slice(16);
}

describe('trace_index: recent traces', () => {
  it('maps a low half to the full id, and says when a trace is new to the current generation', () => {
    const r = new RecentTraces(100, 60_000, 0);
    assert.equal(r.add(id(HIGH_A, 1)), NEW);
    assert.equal(r.add(id(HIGH_A, 1)), KNOWN);
    assert.equal(find(r, 1), id(HIGH_A, 1));
    assert.equal(find(r, 2), undefined);
    r.add(id(ZERO, 2));
    assert.equal(find(r, 2), id(ZERO, 2), 'a 64-bit trace maps to itself');
    assert.equal(r.highOf(r.lookup(0, 2)), undefined);
    r.add('FFFFFFFF00000000' + 'ABCDEF0123456789');
    assert.equal(find(r, 'abcdef0123456789'), 'ffffffff00000000abcdef0123456789', 'hex digits of either case');
  });

  it('marks a low half shared by two live traces as ambiguous, in either generation', () => {
    const r = new RecentTraces(100, 1000, 0);
    r.add(id(HIGH_A, 7));
    r.add(id(HIGH_B, 7));
    assert.equal(find(r, 7), 'ambiguous');
    r.add(id(HIGH_A, 8));
    r.tick(1000);
    assert.equal(r.add(id(HIGH_B, 8)), NEW_AMBIGUOUS);
    assert.equal(find(r, 8), 'ambiguous', 'the earlier trace is still live in the previous generation');
    assert.equal(r.ambiguous, 2);
  });

  it('forgets a trace between ttl and 2 × ttl after it was last seen', () => {
    const r = new RecentTraces(100, 1000, 0);
    r.add(id(HIGH_A, 3));
    r.tick(999);
    assert.equal(find(r, 3), id(HIGH_A, 3));
    r.tick(1000);
    assert.equal(find(r, 3), id(HIGH_A, 3), 'kept in the previous generation');
    assert.equal(r.add(id(HIGH_A, 3)), NEW, 'seen again: carried into the current generation');
    r.tick(2000);
    assert.equal(find(r, 3), id(HIGH_A, 3));
    r.tick(3000);
    assert.equal(find(r, 3), undefined);
    r.add(id(HIGH_B, 3));
    assert.equal(find(r, 3), id(HIGH_B, 3), 'a forgotten low half is free again, not ambiguous');
  });

  it('drops both generations after a long pause', () => {
    const r = new RecentTraces(100, 1000, 0);
    r.add(id(HIGH_A, 4));
    r.tick(5000);
    assert.equal(r.size, 0);
    assert.equal(find(r, 4), undefined);
  });

  it('never holds more than max_traces, keeping the latest, and stays small in memory', () => {
    const r = new RecentTraces(1000, 3_600_000, 0);
    for (let i = 1; i <= 50_000; i++) {
      r.add(id(HIGH_A, i));
      assert.ok(r.size <= 1000, `size ${r.size} after ${i}`);
    }
    for (let i = 49_600; i <= 50_000; i++) assert.equal(find(r, i), id(HIGH_A, i));
    assert.equal(find(r, 1), undefined);
    assert.ok(r.bytes <= 4096 * 21, `table of ${r.bytes} bytes for 1000 traces`);
  });

  it('lets lines of a service wait while it is traced, and an untraced one only during a grace after its first line', () => {
    const r = new RecentTraces(100, 1000, 0, 5000);
    r.seen('shop', 100);
    assert.equal(r.mayWait('shop', 300, 5100), true);
    assert.equal(r.mayWait('shop', 300, 5101), false, 'no trace for service_ttl');
    assert.equal(r.mayWait(undefined, 300, 200), true, 'a line naming no service: some service is traced');
    assert.equal(r.mayWait('billing', 300, 1000), true, 'its first line: the bridge may just not have its traces yet');
    assert.equal(r.mayWait('billing', 300, 1299), true);
    assert.equal(r.mayWait('billing', 300, 1300), false, 'after the grace its lines go on at once');
    r.seen('billing', 2000);
    assert.equal(r.mayWait('billing', 300, 2001), true, 'until a trace of it arrives');
  });
});
