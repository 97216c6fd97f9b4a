#!/usr/bin/env node
'use strict';
// Runs every benchmark in this folder one after another (or those named on the command line):
// `npm run bench`, `npm run bench -- datadog pipeline`, `npm run bench -- --quick e2e` (shorter
// windows and files: a check that everything runs, not figures to quote).
const { spawnSync } = require('node:child_process');
const { readdirSync } = require('node:fs');
const path = require('node:path');

const here = __dirname;
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const wanted = args.filter((a) => a !== '--quick');
const all = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.startsWith('_')).sort();
const chosen = wanted.length ? all.filter((f) => wanted.some((w) => f.startsWith(w))) : all;
if (chosen.length === 0) {
  console.error(`no benchmark matches ${wanted.join(', ')}; have: ${all.join(', ')}`);
  process.exit(2);
}
const tsx = require.resolve('tsx/cli');
let failed = 0;
for (const f of chosen) {
  console.log(`\n=== ${f}`);
  const env = quick ? { ...process.env, BENCH_QUICK: '1' } : process.env;
  const r = spawnSync(process.execPath, [tsx, path.join(here, f)], { stdio: 'inherit', env });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
