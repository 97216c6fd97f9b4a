import assert from 'node:assert/strict';
import { codecFor, type EncodingName } from './codec';
import { Skip, split, type SplitOptions } from './split';

function opts(extra: Partial<SplitOptions> = {}, enc: EncodingName = 'utf-8'): SplitOptions {
  return { codec: codecFor(enc), maxLogSize: 1024 * 1024, truncate: true, maxEntries: 10000, ...extra };
}

const b = (s: string, enc: BufferEncoding = 'utf8') => Buffer.from(s, enc);

describe('file_log split', () => {
  it('cuts lines, drops CR and empty lines, and keeps an unterminated tail for later', () => {
    const r = split(b('one\r\ntwo\n\nthree'), Skip.None, false, opts());
    assert.deepEqual(r.entries, ['one', 'two']);
    assert.equal(r.consumed, 'one\r\ntwo\n\n'.length);
    const flushed = split(b('three'), Skip.None, true, opts());
    assert.deepEqual(flushed.entries, ['three']);
    assert.equal(flushed.consumed, 5);
  });

  it('replaces invalid UTF-8 instead of failing and strips a byte order mark', () => {
    const data = Buffer.concat([b('\ufeffok\n'), Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a])]);
    assert.deepEqual(split(data, Skip.None, false, opts()).entries, ['ok', 'a\ufffd\ufffdb']);
  });

  it('decodes UTF-16LE/BE, Latin-1 and ASCII with their own newlines', () => {
    const le = b('héllo\r\nwörld\n', 'utf16le');
    assert.deepEqual(split(le, Skip.None, false, opts({}, 'utf-16le')).entries, ['héllo', 'wörld']);
    const be = Buffer.from(le).swap16();
    assert.deepEqual(split(be, Skip.None, false, opts({}, 'utf-16be')).entries, ['héllo', 'wörld']);
    // U+010A has 0x0A as one byte; it must not end the line.
    const tricky = b('\u010a\u0a00x\n', 'utf16le');
    assert.deepEqual(split(tricky, Skip.None, false, opts({}, 'utf-16le')).entries, ['\u010a\u0a00x']);
    assert.deepEqual(split(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), Skip.None, false, opts({}, 'latin1')).entries, ['café']);
    assert.deepEqual(split(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), Skip.None, false, opts({}, 'ascii')).entries, ['caf\ufffd']);
    const raw = split(Buffer.from([1, 2, 0x0a]), Skip.None, false, opts({}, 'nop')).entries[0];
    assert.deepEqual([...(raw as Uint8Array)], [1, 2]);
  });

  it('truncates a long line and skips its rest, even across calls', () => {
    const o = opts({ maxLogSize: 8 });
    const r = split(b('short\n0123456789abcdef\nnext\n'), Skip.None, false, o);
    assert.deepEqual(r.entries, ['short', '01234567', 'next']);
    assert.equal(r.cut, 1);
    // A long line whose end has not been written yet: cut now, skip the rest when it arrives.
    const first = split(b('0123456789ab'), Skip.None, false, o);
    assert.deepEqual(first.entries, ['01234567']);
    assert.equal(first.skip, Skip.RestOfLine);
    assert.equal(first.consumed, 12);
    const second = split(b('cdef\nafter\n'), first.skip, false, o);
    assert.deepEqual(second.entries, ['after']);
    assert.equal(second.skip, Skip.None);
  });

  it('splits a long line into pieces when asked to', () => {
    const r = split(b('0123456789abcdefXY\n'), Skip.None, false, opts({ maxLogSize: 8, truncate: false }));
    assert.deepEqual(r.entries, ['01234567', '89abcdef', 'XY']);
    assert.equal(r.cut, 2);
  });

  it('never cuts inside a UTF-8 character', () => {
    const r = split(b('aaaaaaé€x\n'), Skip.None, false, opts({ maxLogSize: 8, truncate: false }));
    assert.deepEqual(r.entries, ['aaaaaaé', '€x']);
  });

  it('gathers multiline entries by a start pattern, emitting the last one only on flush', () => {
    const text = 'preamble\n2024-01-01 first\n  at a\n  at b\n2024-01-02 second\n  at c\n';
    const o = opts({ startPattern: /^\d{4}-/ });
    const r = split(b(text), Skip.None, false, o);
    assert.deepEqual(r.entries, ['preamble', '2024-01-01 first\n  at a\n  at b']);
    assert.equal(r.consumed, text.indexOf('2024-01-02'));
    const rest = split(b(text).subarray(r.consumed), Skip.None, true, o);
    assert.deepEqual(rest.entries, ['2024-01-02 second\n  at c']);
  });

  it('gathers multiline entries by an end pattern', () => {
    const o = opts({ endPattern: /;$/ });
    const r = split(b('a\nb;\nc;\nd\n'), Skip.None, false, o);
    assert.deepEqual(r.entries, ['a\nb;', 'c;']);
    assert.equal(r.consumed, 'a\nb;\nc;\n'.length);
  });

  it('truncates a long multiline entry and drops its remaining continuation lines', () => {
    const o = opts({ startPattern: /^E/, maxLogSize: 10 });
    const r = split(b('E1 aaaa\n  bbbb\n  cccc\n  dddd\nE2 x\n'), Skip.None, true, o);
    assert.deepEqual(r.entries, ['E1 aaaa\n  ', 'E2 x']);
    assert.equal(r.cut, 1);
  });

  it('stops at maxEntries and reports exactly the bytes used', () => {
    const r = split(b('a\nb\nc\n'), Skip.None, false, opts({ maxEntries: 2 }));
    assert.deepEqual(r.entries, ['a', 'b']);
    assert.equal(r.consumed, 4);
  });
});
