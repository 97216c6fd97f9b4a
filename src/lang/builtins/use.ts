import { defineBuiltin, str } from './define';

export const use = defineBuiltin({
  name: 'use',
  params: [str('name')],
  returns: 'nil',
  doc: 'Runs another script, from the configured scripts directory (log_pipeline: `scripts_dir`), on the same point, then goes on. The other script has its own variables and grok patterns; its `exit()` ends only itself; `drop()` and every key it writes apply to the point. Scripts are found and checked with the script that uses them, once each: a missing script, a cycle (`a.p` → `b.p` → `a.p`) or an error in the used script fails the check, and its diagnostics name the chain of `use()` calls. A runtime error in a used script stops the whole run and names the same chain.',
  examples: [
    {
      title: 'shared parsing in another script',
      script: 'use("ddtrace.p")\nadd_key(app, "checkout")',
      input: 'dd.trace_id=123 done',
      fields: { trace_id: '123', app: 'checkout' },
      env: { scripts: { 'ddtrace.p': 'grok(_, "dd.trace_id=%{NUMBER:trace_id}")' } },
    },
    {
      title: 'a cycle fails the check',
      script: 'use("a.p")',
      input: 'x',
      env: { scripts: { 'a.p': 'use("b.p")', 'b.p': 'use("a.p")' }, checkError: 'circular use: use.p -> a.p -> b.p -> a.p' },
    },
  ],
  compile({ name }, cx) {
    const run = cx.useScript(name, cx.pos('name'));
    if (!run) return () => null;
    return (rt) => {
      run(rt);
      return null;
    };
  },
});
