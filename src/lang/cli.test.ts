import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { isLosslessNumber, parse as parseLossless } from 'lossless-json';
import { pipelineCommand } from './cli';
import { loadCases } from './testing';

async function runCli(argv: string[], stdinText = ''): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => { out += d; });
  stderr.on('data', (d) => { err += d; });
  const code = await pipelineCommand(argv, { stdin: Readable.from([stdinText]), stdout, stderr });
  return { code, out, err };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-cli-'));
function scriptFile(name: string, text: string): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, text);
  return p;
}

/** Compares one output value (lossless-parsed) with a fixture value. */
function sameValue(got: unknown, want: unknown): boolean {
  if (want !== null && typeof want === 'object' && 'int' in (want as object)) {
    return isLosslessNumber(got) && got.toString() === (want as { int: string }).int;
  }
  if (want !== null && typeof want === 'object' && 'float' in (want as object)) {
    return isLosslessNumber(got) && /[.eE]/.test(got.toString()) && Number(got.toString()) === (want as { float: number }).float;
  }
  return got === want;
}

describe('pipeline CLI command', () => {
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  for (const c of loadCases()) {
    it(`case ${c.name}`, async () => {
      const file = scriptFile(`${c.name}.p`, c.script);
      const r = await runCli(['--script', file, '--tz', c.tz ?? 'America/Denver', '--input', c.input]);
      assert.equal(r.err, '');
      assert.equal(r.code, 0);
      const lines = r.out.trim().split('\n');
      assert.equal(lines.length, 1);
      const obj = parseLossless(lines[0]) as Record<string, Record<string, unknown>> & { time: string | null; dropped: boolean };
      assert.equal(obj.error, undefined);
      for (const [k, v] of Object.entries(c.expected.fields ?? {})) {
        assert.ok(sameValue(obj.fields[k], v), `${k}: got ${String(obj.fields[k])}, want ${JSON.stringify(v)}`);
      }
      for (const [k, v] of Object.entries(c.expected.tags ?? {})) assert.equal(obj.tags[k], v);
      for (const k of c.expected.absent ?? []) assert.ok(!(k in obj.fields), `${k} should be absent`);
      if (c.expected.time !== undefined) assert.equal(obj.time, c.expected.time);
      if (c.expected.dropped !== undefined) assert.equal(obj.dropped, c.expected.dropped);
    });
  }

  it('prints ints exactly above 2^53 and floats with a fraction', async () => {
    const file = scriptFile('nums.p', 'add_key(big, 9007199254740993)\nadd_key(f, 1.0)\nadd_key(g, 2.5)\nadd_key(neg, -9223372036854775807)');
    const r = await runCli(['--script', file, '--input', 'x']);
    assert.match(r.out, /"big":9007199254740993[,}]/);
    assert.match(r.out, /"f":1\.0[,}]/);
    assert.match(r.out, /"g":2\.5[,}]/);
    assert.match(r.out, /"neg":-9223372036854775807[,}]/);
  });

  it('reads lines from stdin when no --input is given', async () => {
    const file = scriptFile('stdin.p', 'grok(_, "%{INT:n:int}")');
    const r = await runCli(['--script', file, '--tz', 'UTC'], 'a 1\r\nb 2\n');
    const lines = r.out.trim().split('\n').map((l) => parseLossless(l) as { fields: Record<string, unknown>; time: unknown });
    assert.equal(lines.length, 2);
    assert.equal(String(lines[0].fields.n), '1');
    assert.equal(String(lines[1].fields.n), '2');
    assert.equal(lines[1].fields.message, 'b 2');
    assert.equal(lines[0].time, null);
  });

  it('prints a runtime error with the partial fields and keeps going', async () => {
    const file = scriptFile('err.p', 'add_key(before, 1)\nx = "a" + 1\nadd_key(after, 2)');
    const r = await runCli(['--script', file, '--input', 'l1', '--input', 'l2']);
    assert.equal(r.code, 0);
    const lines = r.out.trim().split('\n');
    assert.equal(lines.length, 2);
    const obj = JSON.parse(lines[0]);
    assert.match(obj.error, /^err\.p:2:\d+: unsupported operand types for \+: str and int/);
    assert.equal(obj.fields.before, 1);
    assert.equal('after' in obj.fields, false);
  });

  it('exits 1 with diagnostics on stderr when the script does not check', async () => {
    const file = scriptFile('bad.p', 'drop_keys(a)\n');
    const r = await runCli(['--script', file, '--input', 'x']);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.equal(r.err, 'bad.p:1:1: error: unknown function "drop_keys"\ndrop_keys(a)\n^\nhint: did you mean "drop_key"?\n');
  });

  it('--scripts-dir: use() runs scripts of that directory; without it the script does not check', async () => {
    const dir = path.join(tmp, 'lib');
    fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'sub', 'ids.p'), 'grok(_, "id=%{INT:id:int}")\n');
    const file = scriptFile('main.p', 'use("sub/ids.p")\nadd_key(used, true)\n');
    const r = await runCli(['--script', file, '--scripts-dir', dir, '--input', 'id=42']);
    assert.equal(r.err, '');
    assert.equal(r.code, 0);
    const obj = JSON.parse(r.out) as { fields: Record<string, unknown> };
    assert.deepEqual([obj.fields.id, obj.fields.used], [42, true]);
    const without = await runCli(['--script', file, '--input', 'id=42']);
    assert.equal(without.code, 1);
    assert.match(without.err, /main\.p:1:5: error: use\(\) needs a scripts directory[\s\S]*--scripts-dir/);
    const none = await runCli(['--script', file, '--scripts-dir', path.join(tmp, 'nowhere'), '--input', 'x']);
    assert.equal(none.code, 2);
    assert.match(none.err, /--scripts-dir ".*nowhere": no such directory/);
    assert.equal(none.out, '');
  });

  it('shows help and rejects bad usage', async () => {
    const h = await runCli(['--help']);
    assert.equal(h.code, 0);
    assert.match(h.out, /--script FILE/);
    const bad = await runCli(['--input', 'x']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--script is required/);
    const tz = await runCli(['--script', 'x.p', '--tz', 'Mars/Olympus']);
    assert.equal(tz.code, 2);
    const missing = await runCli(['--script', path.join(tmp, 'nope.p')]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /cannot read script/);
  });
});
