import { defineBuiltin, expr } from './define';

export const append = defineBuiltin({
  name: 'append',
  params: [expr('list'), expr('elem')],
  returns: 'list',
  doc: 'Returns the list with `elem` appended (a list argument is appended as one nested element); reassign the result. A non-list first argument gives nil.',
  examples: [
    { title: 'build a list', script: 'a = [1]\na = append(a, "x")\nadd_key(a)', input: 'y', fields: { a: '[1,"x"]' } },
    { title: 'nested', script: 'add_key(a, append([1], [2, 3]))', input: 'y', fields: { a: '[1,[2,3]]' } },
  ],
  compile({ list, elem }) {
    return (rt) => {
      const l = list(rt);
      const e = elem(rt);
      if (!Array.isArray(l)) return null;
      l.push(e);
      return l;
    };
  },
});
