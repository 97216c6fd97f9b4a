#!/usr/bin/env node
'use strict';
// Builds dist/ only when it is missing or older than the TypeScript sources, so that `npm start`
// on a current build starts at once instead of running tsc every time. A production install
// (`npm ci --omit=dev`) has no TypeScript: it runs the dist/ it was given (the Dockerfile copies a
// prebuilt one). `--if-possible` (for `prepare`) never fails an install that cannot build yet.
// Plain JavaScript with no dependencies: it runs before anything is compiled.
const { existsSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
/** What tsc compiles into the code that runs (tests and benchmarks are compiled too, but never run by `start`). */
const SOURCE_DIRS = ['src', 'receivers', 'processors', 'exporters', 'extensions'];
const built = (root) => path.join(root, 'dist', 'src', 'main.js');

/** Newest mtime (ms) of the runtime .ts sources under `dir`. */
function newestSource(dir) {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'testdata' && e.name !== 'node_modules') newest = Math.max(newest, newestSource(p));
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) {
      newest = Math.max(newest, statSync(p).mtimeMs);
    }
  }
  return newest;
}

function mtime(p) {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

/** Why dist/ must be rebuilt, or '' when it is current. */
function staleness(root = ROOT) {
  const builtAt = mtime(built(root));
  if (builtAt === 0) return 'dist/ is missing';
  const newest = Math.max(mtime(path.join(root, 'tsconfig.json')), ...SOURCE_DIRS.map((d) => newestSource(path.join(root, d))));
  return newest > builtAt ? 'sources changed since dist/ was built' : '';
}

function findTsc() {
  try {
    return require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  } catch {
    return undefined;
  }
}

function main(argv) {
  const ifPossible = argv.includes('--if-possible');
  const why = staleness();
  if (!why) return 0;
  const tsc = findTsc();
  if (!tsc) {
    if (existsSync(built(ROOT))) {
      process.stderr.write(`dd-otel-bridge: ${why}, and TypeScript is not installed (a production install): running the existing dist/\n`);
      return 0;
    }
    process.stderr.write(
      `dd-otel-bridge: dist/ is missing and TypeScript is not installed (a production install). ` +
        `Copy a prebuilt dist/ into ${ROOT} (the Dockerfile does), or install the dev dependencies and run "npm run build".\n`,
    );
    return ifPossible ? 0 : 1;
  }
  process.stderr.write(`dd-otel-bridge: ${why}; building with tsc\n`);
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.json')], { stdio: 'inherit' });
  return r.status ?? 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
module.exports = { staleness, main };
