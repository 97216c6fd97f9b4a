import assert from 'node:assert/strict';
import { AMBIGUOUS, RecentTraces } from './recent';

const id = (high: string, low: number) => high + low.toString(16).padStart(16, '0');
const HIGH_A = '6740b4f400000000';
const HIGH_B = '6740b4f500000000';
const ZERO = '0000000000000000';

describe('trace_index: recent traces', () => {
  it('maps a low half to the full id, and says when a low half is new', () => {
    const r = new RecentTraces(100, 60_000, 0);
    assert.equal(r.add(id(HIGH_A, 1)), id(ZERO, 1).slice(16));
    assert.equal(r.add(id(HIGH_A, 1)), undefined, 'seen in this generation already');
    assert.equal(r.lookup((1).toString(16).padStart(16, '0')), id(HIGH_A, 1));
    assert.equal(r.lookup((2).toString(16).padStart(16, '0')), undefined);
    r.add(id(ZERO, 2));
    assert.equal(r.lookup((2).toString(16).padStart(16, '0')), id(ZERO, 2), 'a 64-bit trace maps to itself');
  });

  it('marks a low half shared by two live traces as ambiguous, in either generation', () => {
    const r = new RecentTraces(100, 1000, 0);
    r.add(id(HIGH_A, 7));
    r.add(id(HIGH_B, 7));
    assert.equal(r.lookup(id(ZERO, 7).slice(16)), AMBIGUOUS);
    r.add(id(HIGH_A, 8));
    r.tick(1000);
    r.add(id(HIGH_B, 8));
    assert.equal(r.lookup(id(ZERO, 8).slice(16)), AMBIGUOUS, 'the earlier trace is still live in the previous generation');
    assert.equal(r.ambiguous, 2);
  });

  it('forgets a trace between ttl and 2 × ttl after it was last seen', () => {
    const r = new RecentTraces(100, 1000, 0);
    const low = id(ZERO, 3).slice(16);
    r.add(id(HIGH_A, 3));
    r.tick(999);
    assert.equal(r.lookup(low), id(HIGH_A, 3));
    r.tick(1000);
    assert.equal(r.lookup(low), id(HIGH_A, 3), 'kept in the previous generation');
    r.add(id(HIGH_A, 3));
    r.tick(2000);
    assert.equal(r.lookup(low), id(HIGH_A, 3), 'seen again, so carried into the new generation');
    r.tick(3000);
    r.tick(4000);
    assert.equal(r.lookup(low), undefined);
    r.add(id(HIGH_B, 3));
    assert.equal(r.lookup(low), id(HIGH_B, 3), 'a forgotten low half is free again');
  });

  it('drops both generations after a long pause', () => {
    const r = new RecentTraces(100, 1000, 0);
    r.add(id(HIGH_A, 4));
    r.tick(5000);
    assert.equal(r.size, 0);
  });

  it('never holds more than max_traces, dropping the oldest first', () => {
    const r = new RecentTraces(1000, 3_600_000, 0);
    for (let i = 1; i <= 5000; i++) {
      r.add(id(HIGH_A, i));
      assert.ok(r.size <= 1000, `size ${r.size} after ${i}`);
    }
    assert.equal(r.lookup(id(ZERO, 5000).slice(16)), id(HIGH_A, 5000));
    assert.equal(r.lookup(id(ZERO, 1).slice(16)), undefined);
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
