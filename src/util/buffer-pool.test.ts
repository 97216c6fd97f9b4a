import assert from 'node:assert/strict';
import { BufferPool } from './buffer-pool';

describe('BufferPool', () => {
  it('lends a copy, and lends the same buffer again only after it was given back', () => {
    const pool = new BufferPool();
    const a = pool.copy(Buffer.from('first body'));
    assert.equal(a.body.toString(), 'first body');
    const b = pool.copy(Buffer.from('second'));
    assert.notEqual(b.lease!.buf, a.lease!.buf, 'a buffer still lent is not lent twice');
    assert.equal(a.body.toString(), 'first body');
    pool.release(a.lease!);
    const c = pool.copy(Buffer.from('third'));
    assert.equal(c.lease!.buf, a.lease!.buf);
    assert.equal(c.body.toString(), 'third');
    assert.equal(b.body.toString(), 'second');
  });

  it('takes a lease back once: a second release does not put the buffer in the pool twice', () => {
    const pool = new BufferPool();
    const a = pool.copy(Buffer.alloc(100, 1));
    pool.release(a.lease!);
    pool.release(a.lease!);
    const b = pool.copy(Buffer.alloc(100, 2));
    const c = pool.copy(Buffer.alloc(100, 3));
    assert.notEqual(b.lease!.buf, c.lease!.buf);
    assert.equal(b.body[0], 2);
  });

  it('lends by size class, copies a body above the cap into a buffer of its own, and keeps at most its idle cap', () => {
    const pool = new BufferPool(64 * 1024, 64 * 1024);
    const small = pool.copy(Buffer.alloc(10));
    const mid = pool.copy(Buffer.alloc(20 * 1024));
    assert.equal(small.lease!.buf.length, 16 * 1024);
    assert.equal(mid.lease!.buf.length, 32 * 1024);
    const big = pool.copy(Buffer.alloc(65 * 1024, 9));
    assert.equal(big.lease, undefined);
    assert.equal(big.body.length, 65 * 1024);
    pool.release(small.lease!);
    pool.release(mid.lease!);
    assert.equal(pool.idleBytes, 48 * 1024);
    const more = pool.copy(Buffer.alloc(40 * 1024));
    pool.release(more.lease!);
    assert.equal(pool.idleBytes, 48 * 1024, 'a 64 KiB buffer over the idle cap is dropped, not kept');
  });

  it('leases an uninitialised buffer of the size class, or one of exactly the size asked past the pooled sizes, given back to the pool only when pooled', () => {
    const pool = new BufferPool(64 * 1024, 1024 * 1024);
    const a = pool.lease(20 * 1024);
    assert.equal(a.buf.length, 32 * 1024);
    assert.equal(a.pooled, true);
    const big = pool.lease(100 * 1024);
    assert.equal(big.buf.length, 100 * 1024);
    assert.equal(big.pooled, false);
    pool.release(big);
    assert.equal(pool.idleBytes, 0, 'a buffer made for one holder is not kept');
    pool.release(a);
    assert.equal(pool.lease(17 * 1024).buf, a.buf, 'the same size class lends the buffer given back');
  });
});
