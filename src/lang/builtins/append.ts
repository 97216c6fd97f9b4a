import { defineBuiltin, expr } from './define';

export const append = defineBuiltin({
  name: 'append',
  params: [expr('list'), expr('elem')],
  returns: 'list',
  doc: 'Returns a new list: `list` with `elem` appended (a list argument is appended as one nested element). `list` itself is not changed, as in Datakit: reassign the result. A non-list first argument gives nil.',
  examples: [
    { title: 'build a list', script: 'a = [1]\na = append(a, "x")\nadd_key(a)', input: 'y', fields: { a: '[1,"x"]' } },
    { title: 'nested', script: 'add_key(a, append([1], [2, 3]))', input: 'y', fields: { a: '[1,[2,3]]' } },
    { title: 'the argument is left alone', script: 'a = [1, 2]\nb = append(a, 3)\nadd_key(a)\nadd_key(b)', input: 'y', fields: { a: '[1,2]', b: '[1,2,3]' } },
  ],
  compile({ list, elem }) {
    return (rt) => {
      const l = list(rt);
      const e = elem(rt);
      if (!Array.isArray(l)) return null;
      const out = l.slice();
      out.push(e);
      return out;
    };
  },
});
