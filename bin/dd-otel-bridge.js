#!/usr/bin/env node
'use strict';
// The command: runs the compiled CLI. Without a build, says how to get one instead of a stack trace.
const { existsSync } = require('node:fs');
const path = require('node:path');

const main = path.join(__dirname, '..', 'dist', 'src', 'main.js');
if (!existsSync(main)) {
  process.stderr.write(`dd-otel-bridge: ${path.relative(process.cwd(), main) || main} is missing: run "npm run build" (needs the dev dependencies), or copy a prebuilt dist/ as the Dockerfile does\n`);
  process.exit(1);
}
require(main);
