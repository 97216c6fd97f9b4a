import type { Codec } from './codec';

/**
 * Cutting bytes into log entries, with no I/O: the reader hands over what it has read
 * (the unfinished tail of the last call first), and gets back the finished entries plus
 * how many bytes they used. Bytes after `consumed` are an unfinished entry to be offered
 * again with more data; `consumed` is what the checkpoint may advance by once the
 * entries are delivered.
 */

/** Where a cut left us: inside a long line, or inside the continuation lines of a long multiline entry. */
export enum Skip {
  None = 0,
  RestOfLine = 1,
  Continuation = 2,
}

export interface SplitOptions {
  codec: Codec;
  maxLogSize: number;
  truncate: boolean;
  startPattern?: RegExp;
  endPattern?: RegExp;
  maxEntries: number;
}

export interface SplitResult {
  entries: (string | Uint8Array)[];
  consumed: number;
  skip: Skip;
  /** Entries cut at max_log_size. */
  cut: number;
}

/** `flush`: the data is final for now (quiet file, rotated file), so an unterminated tail is an entry too. */
export function split(data: Buffer, skip: Skip, flush: boolean, o: SplitOptions): SplitResult {
  return o.startPattern || o.endPattern ? splitMultiline(data, skip, flush, o) : splitLines(data, skip, flush, o);
}

function stripBom(text: string | Uint8Array): string | Uint8Array {
  return typeof text === 'string' && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function splitLines(data: Buffer, skip: Skip, flush: boolean, o: SplitOptions): SplitResult {
  const { codec, maxLogSize } = o;
  const unit = codec.unit;
  const end = data.length;
  const entries: (string | Uint8Array)[] = [];
  let pos = 0;
  let cut = 0;
  while (entries.length < o.maxEntries) {
    const nl = codec.findNewline(data, pos, end);
    if (skip !== Skip.None) {
      if (nl < 0) {
        pos = end - ((end - pos) % unit);
        break;
      }
      pos = nl + unit;
      skip = Skip.None;
      continue;
    }
    if (nl < 0) {
      const rest = end - pos;
      if (rest > maxLogSize) {
        const at = codec.cutPoint(data, pos, pos + maxLogSize);
        entries.push(stripBom(codec.decode(data, pos, at)));
        cut++;
        pos = at;
        if (o.truncate) skip = Skip.RestOfLine;
        continue;
      }
      if (flush && rest > 0) {
        const text = stripBom(codec.decode(data, pos, end));
        if (text.length > 0) entries.push(text);
        pos = end;
      }
      break;
    }
    const lineEnd = codec.crBefore(data, pos, nl) ? nl - unit : nl;
    if (lineEnd - pos > maxLogSize) {
      const at = codec.cutPoint(data, pos, pos + maxLogSize);
      entries.push(stripBom(codec.decode(data, pos, at)));
      cut++;
      // Split: the rest of the line is handled by the next turn, as its own entry.
      pos = o.truncate ? nl + unit : at;
      continue;
    }
    if (lineEnd > pos) {
      const text = stripBom(codec.decode(data, pos, lineEnd));
      if (text.length > 0) entries.push(text);
    }
    pos = nl + unit;
  }
  return { entries, consumed: pos, skip, cut };
}

function splitMultiline(data: Buffer, skip: Skip, flush: boolean, o: SplitOptions): SplitResult {
  const { codec, maxLogSize } = o;
  const unit = codec.unit;
  const end = data.length;
  const entries: (string | Uint8Array)[] = [];
  let cut = 0;
  let pos = 0; // start of the next line to look at
  let consumed = 0;
  let cur = -1; // start of the entry being gathered; always == consumed when set
  let curEnd = -1; // end of its text (last line without the newline)
  let curNext = -1; // just after its last newline

  const emit = (from: number, to: number) => {
    const text = stripBom(codec.decode(data, from, to));
    if (text.length > 0) entries.push(text);
  };
  const emitCur = () => {
    emit(cur, curEnd);
    consumed = curNext;
    cur = -1;
  };
  const textOf = (from: number, to: number): string => {
    const t = codec.decode(data, from, to);
    return typeof t === 'string' ? t : Buffer.from(t.buffer, t.byteOffset, t.byteLength).toString('latin1');
  };

  while (entries.length < o.maxEntries) {
    const nl = codec.findNewline(data, pos, end);
    let lineEnd: number;
    let next: number;
    let last = false;
    if (nl < 0) {
      if (skip === Skip.RestOfLine) {
        pos = consumed = end - ((end - pos) % unit);
        break;
      }
      if (!flush) {
        const from = cur >= 0 ? cur : pos;
        if (end - from > maxLogSize) {
          const at = codec.cutPoint(data, from, from + maxLogSize);
          emit(from, at);
          cut++;
          cur = -1;
          pos = consumed = at;
          if (o.truncate) skip = Skip.RestOfLine;
          continue;
        }
        break;
      }
      if (pos >= end) {
        if (cur >= 0) emitCur();
        consumed = end;
        break;
      }
      lineEnd = end;
      next = end;
      last = true;
    } else {
      lineEnd = codec.crBefore(data, pos, nl) ? nl - unit : nl;
      next = nl + unit;
    }

    if (skip === Skip.RestOfLine) {
      pos = consumed = next;
      skip = Skip.Continuation;
      if (last) break;
      continue;
    }

    const text = textOf(pos, lineEnd);
    let isEnd = false;
    if (o.startPattern) {
      const isStart = o.startPattern.test(text);
      if (skip === Skip.Continuation) {
        if (!isStart) {
          pos = consumed = next;
          if (last) break;
          continue;
        }
        skip = Skip.None;
      }
      if (isStart && cur >= 0) emitCur();
    } else {
      isEnd = o.endPattern!.test(text);
      if (skip === Skip.Continuation) {
        pos = consumed = next;
        if (isEnd) skip = Skip.None;
        if (last) break;
        continue;
      }
    }
    if (cur < 0) cur = pos;
    curEnd = lineEnd;
    curNext = next;
    pos = next;

    while (cur >= 0 && curEnd - cur > maxLogSize) {
      const at = codec.cutPoint(data, cur, cur + maxLogSize);
      emit(cur, at);
      cut++;
      if (o.truncate) {
        cur = -1;
        consumed = next;
        // The lines that belong to the cut entry are dropped until the next entry begins.
        if (!isEnd) skip = Skip.Continuation;
      } else {
        cur = consumed = at;
      }
    }
    if (isEnd && cur >= 0) emitCur();
    if (last) {
      if (cur >= 0) emitCur();
      consumed = end;
      break;
    }
  }
  return { entries, consumed, skip, cut };
}
