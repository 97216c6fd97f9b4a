import { GrokError, compileGrok, matchGrok } from '../grok/compile';
import type { Rt } from '../runtime';
import type { Value } from '../value';
import { RegexError } from '../grok/re2';
import { defineBuiltin, bool, key, str } from './define';

export const grok = defineBuiltin({
  name: 'grok',
  params: [key('input'), str('pattern'), bool('trim_space').optional(true)],
  returns: 'bool',
  doc: 'Matches the text of `input` against a grok pattern (unanchored search). On a match every named capture is written (captures that did not participate become `""`; `:int`, `:float`, `:bool` suffixes convert) and the call returns true; otherwise nothing is written and it returns false. The pattern is compiled once, at check time, with the patterns visible at that point of the script.',
  examples: [
    {
      title: 'nginx-style prefix',
      script: 'grok(_, "%{IPORHOST:client_ip} %{NOTSPACE} %{NOTSPACE} \\\\[%{HTTPDATE:time}\\\\] \\"%{WORD:method} %{NOTSPACE:path}")',
      input: '127.0.0.1 - - [26/May/2022:20:53:52 +0800] "GET /index.html HTTP/1.1" 200',
      fields: { client_ip: '127.0.0.1', method: 'GET', path: '/index.html' },
    },
    {
      title: 'typed captures and the return value',
      script: 'ok = grok(_, "%{INT:code:int} %{NUMBER:ms:float}")\nadd_key(ok)',
      input: 'took 200 12.5',
      fields: { code: 200n, ms: 12.5, ok: true },
    },
    {
      title: 'no match writes nothing',
      script: 'add_key(matched, grok(_, "^%{INT:n}$"))',
      input: 'abc',
      fields: { matched: false },
      absent: ['n'],
    },
  ],
  compile({ input: key, pattern, trim_space: trim }, cx) {
    let g;
    try {
      g = compileGrok(pattern, cx.patterns);
    } catch (e) {
      if (e instanceof GrokError || e instanceof RegexError) {
        cx.error(cx.pos('pattern'), `grok: ${e.message}`);
        return () => false;
      }
      throw e;
    }
    // One emitter per call site; `current` avoids allocating a closure per line.
    let current: Rt | null = null;
    const emit = (name: string, v: Value) => { (current as Rt).write(name, v); };
    return (rt) => {
      const v = rt.lookup(key);
      if (typeof v !== 'string') return false;
      current = rt;
      try {
        return matchGrok(g, v, trim, emit);
      } finally {
        current = null;
      }
    };
  },
});
