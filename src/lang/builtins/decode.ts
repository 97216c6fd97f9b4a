import { TextDecoder } from 'node:util';
import { literalOf } from '../ast';
import { RuntimeError } from '../runtime';
import { toText } from '../value';
import { defineBuiltin, expr, key } from './define';

/** Node's TextDecoder for a label (gbk, gb18030, big5, shift_jis, euc-kr, utf-16le, …), or undefined. */
function decoderFor(label: string): TextDecoder | undefined {
  try {
    return new TextDecoder(label);
  } catch {
    return undefined;
  }
}

/**
 * The bytes a line's text stands for. A line read with file_log `encoding: latin1` has one
 * character per byte; text with a character above U+00FF was already decoded, and is taken as
 * its UTF-8 bytes, which is what Go's decoder would be handed.
 */
function bytesOf(text: string): Buffer {
  // eslint-disable-next-line no-control-regex
  return Buffer.from(text, /^[\u0000-\u00ff]*$/.test(text) ? 'latin1' : 'utf8');
}

const HINT = 'use an encoding label such as gbk, gb18030, big5, shift_jis, euc-kr, utf-16le or utf-16be';

export const decode = defineBuiltin({
  name: 'decode',
  params: [key('text'), expr('text_encode')],
  returns: 'nil',
  doc: 'Rewrites the key `text` in place, decoding its bytes from `text_encode` into UTF-8 text. Datakit decodes gbk, gb18030, utf-16le and utf-16be; every encoding Node\'s TextDecoder knows works here (big5, shift_jis, euc-jp, euc-kr, windows-1252, …). The line must reach the script with its bytes intact: read the file with file_log `encoding: latin1` (one character per byte). The encoding is a literal or a key holding its name; an unknown literal fails the check, an unknown name read at run time stops the script with an error (Datakit ignores it silently). A missing key is a no-op.',
  examples: [
    { title: 'GBK bytes of a line read as latin1', script: 'decode(_, "gbk")', input: '\u00b2\u00e2\u00ca\u00d4', fields: { message: '测试' } },
    { title: 'UTF-16LE bytes', script: 'add_key(t, "h\\x00i\\x00")\ndecode(t, "utf-16le")', input: 'x', fields: { t: 'hi' } },
    { title: 'encoding named by another key', script: 'add_key(enc, "big5")\ndecode(_, enc)', input: '\u00a4\u00a4', fields: { message: '中' } },
  ],
  compile({ text, text_encode: enc }, cx) {
    const node = cx.node('text_encode');
    const lit = node ? literalOf(node) : undefined;
    if (lit && (typeof lit.value !== 'string' || !decoderFor(lit.value))) {
      cx.error(cx.pos('text_encode'), `unknown text encoding ${JSON.stringify(toText(lit.value))}`, HINT);
    }
    const fixed = lit && typeof lit.value === 'string' ? decoderFor(lit.value) : undefined;
    return (rt) => {
      const v = rt.lookup(text);
      if (v === undefined || v === null) return null;
      let decoder = fixed;
      if (!decoder) {
        const name = enc(rt);
        if (name === null) return null;
        decoder = typeof name === 'string' ? decoderFor(name) : undefined;
        if (!decoder) throw new RuntimeError(`decode: unknown text encoding ${JSON.stringify(toText(name))} (${HINT})`);
      }
      rt.write(text, decoder.decode(bytesOf(toText(v))));
      return null;
    };
  },
});
