/** Every way of asking for help answers on stdout with exit code 0, and the overview lists every command. */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { main } from './cli';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await main(argv, { stdin: new PassThrough(), stdout, stderr });
  return { code, stdout: out, stderr: err };
}

const COMMANDS = ['run', 'validate', 'components', 'pipeline'];

describe('command-line help', () => {
  for (const argv of [['--help'], ['-h'], ['help'], ['--config', 'x.yaml', '--help']]) {
    it(`"${argv.join(' ')}" prints the overview with every command`, async () => {
      const r = await run(argv);
      assert.equal(r.code, 0);
      assert.equal(r.stderr, '');
      for (const c of COMMANDS) assert.match(r.stdout, new RegExp(`^  (\\(none\\), )?${c} `, 'm'), c);
    });
  }

  for (const argv of [['run', '--help'], ['run', '-h'], ['help', 'run']]) {
    it(`"${argv.join(' ')}" prints run's options and names the other commands`, async () => {
      const r = await run(argv);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /^Usage: dd-otel-bridge \[run\] \[--config FILE\]/);
      assert.match(r.stdout, /Other commands: validate, components, pipeline/);
    });
  }

  const own: [string, RegExp][] = [
    ['validate', /without binding any port/],
    ['components', /Lists the receiver, processor, exporter and extension types/],
    ['pipeline', /^Usage: dd-otel-bridge pipeline --script FILE/m],
  ];
  for (const [command, text] of own) {
    it(`"${command} --help" and "help ${command}" print that command's help`, async () => {
      for (const argv of [[command, '--help'], [command, '-h'], ['help', command]]) {
        const r = await run(argv);
        assert.equal(r.code, 0, argv.join(' '));
        assert.match(r.stdout, text, argv.join(' '));
      }
    });
  }
});
