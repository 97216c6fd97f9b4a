/**
 * Counts the items of a JSON body before it is parsed: one pass over the bytes that follows only
 * the paths where items live (`resourceSpans[].scopeSpans[].spans[]`…) and skips everything else
 * by its brackets, so a body of six million `{}` spans is refused after reading the first few
 * hundred kilobytes instead of after building six million objects.
 */
import { tooManyItems } from './limits';

/** Where items are in a document: each node describes a value. */
export interface JsonItems {
  /** Each element of this array is an item when `items.count` is set. */
  items?: JsonItems & { count?: boolean };
  /** Members of this object worth following. */
  keys?: Record<string, JsonItems>;
  count?: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/**
 * One open container the count follows (only those on an item path are followed, so the
 * stack is as deep as the paths, not as the document). Frames are reused between containers.
 */
interface Frame {
  node: JsonItems;
  array: boolean;
  /** Objects: the next string is a member name. */
  expectKey: boolean;
  /** Objects: the node of the member whose value comes next. */
  member: JsonItems | undefined;
}

/** Index just past the string that starts at `i` (a quote). */
function skipString(b: Uint8Array, i: number): number {
  i++;
  while (i < b.length && b[i] !== QUOTE) i += b[i] === BACKSLASH ? 2 : 1;
  return i + 1;
}

/** Index just past the container that starts at `i`, followed by its brackets only. */
function skipContainer(b: Uint8Array, i: number): number {
  let depth = 0;
  while (i < b.length) {
    const c = b[i];
    if (c === QUOTE) {
      i = skipString(b, i);
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
    else if ((c === CLOSE_OBJECT || c === CLOSE_ARRAY) && --depth === 0) return i + 1;
    i++;
  }
  return i;
}

/**
 * The number of items in `b` along the paths of `root`; throws the 413 `tooManyItems` as soon
 * as it exceeds `limit`. Malformed JSON ends the count quietly: the parser reports it.
 */
export function countJsonItems(b: Uint8Array, root: JsonItems, limit: number): number {
  let count = 0;
  const frames: Frame[] = [];
  let depth = 0;
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const top = depth > 0 ? frames[depth - 1] : undefined;
    if (c === QUOTE) {
      if (top !== undefined && top.expectKey) {
        const end = skipString(b, i);
        const key = Buffer.from(b.buffer, b.byteOffset + i + 1, Math.max(0, end - i - 2)).toString('latin1');
        const keys = top.node.keys!;
        top.member = Object.prototype.hasOwnProperty.call(keys, key) ? keys[key] : undefined;
        top.expectKey = false;
        i = end;
        continue;
      }
      if (top?.array && top.node.items?.count && ++count > limit) throw tooManyItems(limit);
      i = skipString(b, i);
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      let node: JsonItems | undefined;
      if (top === undefined) node = i === firstValue(b) ? root : undefined;
      else if (top.array) {
        node = top.node.items;
        if (node?.count && ++count > limit) throw tooManyItems(limit);
      } else node = top.member;
      const followed = c === OPEN_ARRAY ? node?.items : node?.keys;
      if (node === undefined || followed === undefined) {
        i = skipContainer(b, i);
        continue;
      }
      const f = (frames[depth] ??= { node, array: false, expectKey: false, member: undefined });
      f.node = node;
      f.array = c === OPEN_ARRAY;
      f.expectKey = c === OPEN_OBJECT;
      f.member = undefined;
      depth++;
      i++;
      continue;
    }
    if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (depth > 0) depth--;
      i++;
      continue;
    }
    if (c === COMMA || c === COLON || c <= 0x20) {
      if (c === COMMA && top !== undefined && !top.array) top.expectKey = true;
      i++;
      continue;
    }
    // A scalar: one item if it is an element of a counted array, then skip to its end.
    if (top?.array && top.node.items?.count && ++count > limit) throw tooManyItems(limit);
    while (i < b.length && b[i] !== COMMA && b[i] !== CLOSE_ARRAY && b[i] !== CLOSE_OBJECT) i++;
  }
  return count;
}

/** Index of the document's first non-blank byte. */
function firstValue(b: Uint8Array): number {
  let i = 0;
  while (i < b.length && b[i] <= 0x20) i++;
  return i;
}
