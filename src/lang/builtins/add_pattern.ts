import { GrokError, expandPattern } from '../grok/compile';
import { defineBuiltin, str } from './define';

export const add_pattern = defineBuiltin({
  name: 'add_pattern',
  params: [str('name'), str('pattern')],
  returns: 'nil',
  doc: 'Defines a grok pattern at check time for later `grok()` calls in the same block and nested blocks. A local name shadows a built-in pattern; an inner block may redefine an outer one. Does nothing when the script runs.',
  examples: [
    {
      title: 'local pattern',
      script: 'add_pattern("level", "(?:INFO|WARN|ERROR)")\ngrok(_, "%{level:lvl} %{GREEDYDATA:msg}")',
      input: 'WARN disk almost full',
      fields: { lvl: 'WARN', msg: 'disk almost full' },
    },
    {
      title: 'patterns are block scoped',
      script: 'if true {\n  add_pattern("num", "[0-9]+")\n  grok(_, "%{num:n}")\n}',
      input: 'id 42',
      fields: { n: '42' },
    },
  ],
  compile({ name, pattern }, cx) {
    if (!/^[\w.-]+$/.test(name)) {
      cx.error(cx.pos('name'), `invalid grok pattern name "${name}" (letters, digits, "_", "." and "-" only)`);
      return () => null;
    }
    try {
      cx.addPattern(name, expandPattern(pattern, cx.patterns));
    } catch (e) {
      if (!(e instanceof GrokError)) throw e;
      cx.error(cx.pos('pattern'), `add_pattern: ${e.message}`);
    }
    return () => null;
  },
});
