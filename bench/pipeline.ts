// Benchmark: lines/s of the seed Python ddtrace script, compiled once and run
// per line, on matching lines and on a near-miss/non-matching mix; plus the
// cost of hostile lines under the backtracking guard.
// Run: npx tsx bench/pipeline.ts

import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileScript } from '../src/lang';

const seedDir = path.resolve(__dirname, '../test/fixtures/lang/seed');
const source = fs.readFileSync(path.join(seedDir, 'python-ddtrace.p'), 'utf8');
const { script, diagnostics } = compileScript(source, { name: 'python-ddtrace.p', timezone: 'Asia/Shanghai' });
if (!script) throw new Error(JSON.stringify(diagnostics));

const levels = ['INFO', 'WARNING', 'ERROR', 'DEBUG'];
const words = ['Hello, World!', 'request handled', 'cache miss for key user:42', 'payment accepted', 'retrying upstream call'];

/** ~200-byte ddtrace-correlated Python log lines with varying ids, times and messages. */
function matchingLine(i: number): string {
  const ms = String(i % 1000).padStart(3, '0');
  const sec = String(i % 60).padStart(2, '0');
  const trace = (16108321602917563239n + BigInt(i) * 7919n).toString();
  const span = (12837828046733169079n - BigInt(i) * 104729n).toString();
  return `2021-06-18 10:07:${sec},${ms} ${levels[i % 4]} [__main__] [lt.py:${20 + (i % 50)}] [dd.service.name=Python-App dd.env=Testing dd.version=V1.1 dd.trace_id=${trace} dd.span_id=${span}] - ${words[i % words.length]}`;
}

/** Lines that look similar but fail one of the patterns at various points, plus unrelated text. */
function nonMatchingLine(i: number): string {
  const base = matchingLine(i);
  switch (i % 5) {
    case 0: return base.replace(' - ', ' : '); // first pattern fails near the end
    case 1: return base.replace('[dd.', '(dd.').replace('] -', ') -'); // no bracketed trace section
    case 2: return base.replace(/dd\.span_id=\d+/, 'dd.span_id'); // second pattern near miss
    case 3: return `Traceback (most recent call last): File "/app/lt.py", line ${i % 300}, in handler raise ValueError("bad input ${i}")`.padEnd(200, ' x');
    default: return `GET /api/v1/items/${i} 200 ${i % 97}ms user-agent=curl/8.0 request_id=${i.toString(16)} `.padEnd(200, '-');
  }
}

function measure(lines: string[], rounds: number): number[] {
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < lines.length; i++) script!.run({ message: lines[i] });
    const dt = Number(process.hrtime.bigint() - t0) / 1e9;
    rates.push(lines.length / dt);
  }
  return rates;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const N = 200000;
const matching = Array.from({ length: N }, (_, i) => matchingLine(i));
const mixed = Array.from({ length: N }, (_, i) => nonMatchingLine(i));
const avgLen = Math.round(matching.reduce((a, l) => a + l.length, 0) / N);

measure(matching.slice(0, 20000), 2); // warm-up
measure(mixed.slice(0, 20000), 2);
const m = measure(matching, 7);
const x = measure(mixed, 7);
const fmt = (v: number) => `${Math.round(v).toLocaleString('en-US')} lines/s`;
console.log(`node ${process.version}, ${N} lines per run, 7 runs, avg matching line ${avgLen} bytes`);
console.log(`matching lines:        median ${fmt(median(m))} (min ${fmt(Math.min(...m))}, max ${fmt(Math.max(...m))})`);
console.log(`near-miss/non-matching: median ${fmt(median(x))} (min ${fmt(Math.min(...x))}, max ${fmt(Math.max(...x))})`);

// Hostile lines that pass the literal pre-check and push the backtracking
// engine into the guard (see src/lang/grok/guard.ts): worst of three shapes.
for (const len of [1000, 10000, 60000]) {
  const shapes = [
    `2021-06-18 10:07:08,786 INFO [m] [f] [${'a'.repeat(len)}=====] - x`,
    `2021-06-18 10:07:08,786 INFO [m] [f] [${'a= '.repeat(len / 3)}] - x`,
    `2021-06-18 10:07:08 ${'[x] '.repeat(len / 4)} -`,
  ];
  let worst = 0;
  for (const line of shapes) {
    const t0 = process.hrtime.bigint();
    script.run({ message: line });
    worst = Math.max(worst, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  console.log(`hostile line of ~${len} chars: worst ${worst.toFixed(1)} ms per line`);
}
