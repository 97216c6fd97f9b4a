import assert from 'node:assert/strict';
import { WaitingRoom, type WaitOwner, type Waiting } from './waiting';

class Owner implements WaitOwner<string> {
  got: { item: string; why?: string; found?: string }[] = [];
  calls = 0;
  release(items: Waiting<string>[]): void {
    this.calls++;
    for (const w of items) this.got.push({ item: w.item, why: w.why, found: w.found });
  }
}

const tick = () => new Promise<void>((r) => setImmediate(r));
const FAR = Date.now() + 3_600_000;
const waiting = (owner: Owner, item: string, low: string, deadline = FAR, bytes = 10): Waiting<string> => ({ low, deadline, bytes, owner, item, since: 0 });

describe('trace_index: waiting room', () => {
  it('releases the records of a low half when its trace arrives, in one call per owner, after the current call', async () => {
    const room = new WaitingRoom<string>(10, 1000);
    const a = new Owner();
    room.hold(waiting(a, 'x1', 'aa'));
    room.hold(waiting(a, 'x2', 'aa'));
    room.hold(waiting(a, 'y', 'bb'));
    room.arrived('aa', 'ffff' + 'aa');
    assert.equal(a.calls, 0, 'not inside the call that released them');
    await tick();
    assert.deepEqual(a.got, [{ item: 'x1', why: 'trace', found: 'ffffaa' }, { item: 'x2', why: 'trace', found: 'ffffaa' }]);
    assert.equal(a.calls, 1);
    assert.equal(room.size, 1);
    assert.equal(room.bytes, 10);
    room.releaseAll('shutdown');
  });

  it('releases at the deadline, as written', () => {
    const room = new WaitingRoom<string>(10, 1000);
    const a = new Owner();
    const t0 = Date.now() + 60_000;
    room.hold(waiting(a, 'early', 'aa', t0));
    room.hold(waiting(a, 'late', 'bb', t0 + 1000));
    room.expire(t0 - 100);
    assert.equal(a.got.length, 0);
    room.expire(t0 + 60);
    assert.deepEqual(a.got, [{ item: 'early', why: 'deadline', found: undefined }]);
    room.expire(t0 + 1100);
    assert.deepEqual(a.got.map((g) => g.item), ['early', 'late']);
    assert.equal(room.size, 0);
  });

  it('lets the oldest go early when full by count or by bytes, and refuses what cannot fit at all', async () => {
    const room = new WaitingRoom<string>(2, 100);
    const a = new Owner();
    room.hold(waiting(a, '1', 'a1', FAR, 40));
    room.hold(waiting(a, '2', 'a2', FAR, 40));
    room.hold(waiting(a, '3', 'a3', FAR, 40));
    await tick();
    assert.deepEqual(a.got, [{ item: '1', why: 'full', found: undefined }]);
    room.hold(waiting(a, '4', 'a4', FAR, 70));
    await tick();
    assert.deepEqual(a.got.map((g) => g.item), ['1', '2', '3'], 'both older ones had to go for 70 bytes');
    assert.equal(room.bytes, 70);
    assert.equal(room.hold(waiting(a, 'huge', 'a5', FAR, 101)), false);
    assert.equal(room.size, 1);
    room.releaseAll('shutdown');
  });

  it('releases only one owner on request, and cancels without releasing', async () => {
    const room = new WaitingRoom<string>(10, 1000);
    const a = new Owner();
    const b = new Owner();
    const wa = waiting(a, 'a', 'aa');
    room.hold(wa);
    room.hold(waiting(b, 'b', 'aa'));
    room.releaseAll('shutdown', b);
    assert.deepEqual(b.got, [{ item: 'b', why: 'shutdown', found: undefined }]);
    room.cancel(wa);
    room.arrived('aa', 'x');
    await tick();
    assert.deepEqual(a.got, []);
    assert.equal(room.size, 0);
    assert.equal(room.bytes, 0);
  });

  it('releases by itself at the deadline (its own timer)', async () => {
    const room = new WaitingRoom<string>(10, 1000);
    const a = new Owner();
    const released = new Promise<void>((resolve) => {
      a.release = (items) => {
        Owner.prototype.release.call(a, items);
        resolve();
      };
    });
    room.hold(waiting(a, 'soon', 'aa', Date.now() + 30));
    await released;
    assert.deepEqual(a.got.map((g) => g.why), ['deadline']);
  });
});
