// The services built-in examples run with (ExampleEnv), made from real parts: scripts held in
// memory, reference tables loaded from a file, and MMDB files written by mmdb-writer.ts; and an
// HTTP server in a child process for http_request() tests.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CompileOptions } from '../../script';
import type { ExampleEnv } from '../types';
import { openIpDatabase, openIspDatabase } from './ipdb';
import { type Datum, writeMmdb } from './mmdb-writer';
import { loadReferTables } from './refer-tables';
import { scriptsInMemory } from './scripts';

/** The records of the test City database. */
export const TEST_CITY: Array<[string, Datum]> = [
  ['203.0.113.0/24', { city: { names: { en: 'Brisbane' } }, subdivisions: [{ names: { en: 'Queensland' } }], country: { iso_code: 'AU' } }],
  ['198.51.100.0/24', { city: { names: { en: 'Hong Kong' } }, country: { iso_code: 'HK' } }],
  ['2001:db8::/32', { city: { names: { en: 'Berlin' } }, subdivisions: [{ names: { en: 'Land Berlin' } }], country: { iso_code: 'DE' } }],
];

/** The records of the test ISP database. */
export const TEST_ISP: Array<[string, Datum]> = [['203.0.113.0/24', { isp: 'Example Net', organization: 'Example' }]];

/** Writes the test City and ISP databases into `dir`. */
export function writeTestIpDatabases(dir: string): { city: string; isp: string } {
  const city = path.join(dir, 'city.mmdb');
  const isp = path.join(dir, 'isp.mmdb');
  fs.writeFileSync(city, writeMmdb('GeoLite2-City', TEST_CITY));
  fs.writeFileSync(isp, writeMmdb('GeoIP2-ISP', TEST_ISP));
  return { city, isp };
}

/** Compile options giving an example what its env asks for; `dir` is a scratch directory. */
export function exampleOptions(env: ExampleEnv | undefined, dir: string): Partial<CompileOptions> {
  const opts: Partial<CompileOptions> = {};
  if (!env) return opts;
  if (env.scripts) opts.scripts = scriptsInMemory(env.scripts);
  if (env.windows) opts.windows = true;
  if (env.referTables) {
    const file = path.join(dir, 'tables.json');
    fs.writeFileSync(file, env.referTables);
    opts.referTables = loadReferTables([file]);
  }
  if (env.ipdb) {
    const dbs = writeTestIpDatabases(dir);
    opts.ispdb = openIspDatabase(dbs.isp);
    opts.ipdb = openIpDatabase(dbs.city, opts.ispdb);
  }
  return opts;
}

/**
 * Runs `source` (JavaScript that listens on 127.0.0.1 port 0 and writes the port as one line) in a
 * child process with `args`. http_request() makes the calling thread wait for the answer, so a
 * server in the test's own process could never answer.
 */
export async function serveInChild(source: string, args: string[] = []): Promise<{ base: string; close(): void }> {
  const child = spawn(process.execPath, ['-e', source, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit').then(([code]) => { throw new Error(`the test server exited with ${code} before listening`); });
  const [chunk] = (await Promise.race([once(child.stdout!, 'data'), exited])) as [Buffer];
  exited.catch(() => {});
  return { base: `http://127.0.0.1:${chunk.toString().trim()}`, close: () => child.kill() };
}
