import { RuntimeError } from '../runtime';
import { defineBuiltin, expr } from './define';
import { lookupOwn } from './util';

const ENCODINGS: Record<string, string> = { gbk: 'gbk', gb18030: 'gb18030', 'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be' };

export const decode = defineBuiltin({
  name: 'decode',
  params: [expr('text'), expr('text_encode')],
  returns: 'str',
  doc: 'Decodes text whose bytes (each character one byte, as read from a non-UTF-8 log) are in gbk, gb18030, utf-16le or utf-16be, returning UTF-8 text.',
  examples: [{ title: 'UTF-16LE bytes', script: 'add_key(r, decode("h\\x00i\\x00", "utf-16le"))', input: 'x', fields: { r: 'hi' } }],
  compile({ text, text_encode: enc }) {
    return (rt) => {
      const t = text(rt);
      const e = enc(rt);
      const encoding = typeof e === 'string' ? lookupOwn(ENCODINGS, e.toLowerCase()) : undefined;
      if (typeof t !== 'string' || encoding === undefined) throw new RuntimeError('decode: expects text and one of gbk, gb18030, utf-16le, utf-16be');
      const bytes = Buffer.from(t, 'latin1');
      return new TextDecoder(encoding).decode(bytes);
    };
  },
});
