// The services upstream tests give their scripts, built from each source file's own data the way
// those tests set them up: a script store for use(), refer tables, an IP database (a real MMDB
// file written by the test writer), and an HTTP server in a child process for http_request().

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CompileOptions, IpDatabase } from '../index';
import { httpRequester, loadReferTables, MAX_HTTP_TIMEOUT_MS, openIpDatabase, scriptsInMemory } from '../index';
import { serveInChild } from '../builtins/env/testing';
import { type Datum, writeMmdb } from '../builtins/env/mmdb-writer';

/**
 * The answers of a database the upstream test mocks, held in a real City MMDB. The mock answers
 * any text, addresses or not; here each text it answers specially stands for an address of the
 * file (`addresses`), and any other text for `otherwise`.
 */
export interface IpdbData {
  note?: string;
  city: Array<[string, Datum]>;
  addresses: Record<string, string>;
  otherwise: string;
}

/** What the upstream test's HTTP server answers: the first rule whose method and headers match. */
export interface HttpRule {
  method?: string;
  /** Headers that must be present and not empty. */
  headers?: string[];
  /** The answer's body; without it the server answers with the request's own body. */
  body?: string;
}

/** What a source file's upstream test provides to every case. */
export interface FileServices {
  /** Refer tables in Datakit's JSON form, as the upstream test serves them. */
  referTables?: unknown;
  ipdb?: IpdbData;
  /** The upstream test's HTTP server; `PORT` in a script is its port. */
  httpServer?: HttpRule[];
}

// Listens on 127.0.0.1 port 0, prints the port, and answers by the rules given as its argument.
const RULE_SERVER = `
const http = require('node:http');
const rules = JSON.parse(process.argv[1]);
const s = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const rule = rules.find((r) => (r.method === undefined || r.method === req.method) && (r.headers ?? []).every((h) => req.headers[h.toLowerCase()]));
    res.end(rule && rule.body !== undefined ? rule.body : Buffer.concat(chunks));
  });
});
s.listen(0, '127.0.0.1', () => process.stdout.write(String(s.address().port) + '\\n'));
`;

export class Harness {
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-conformance-'));
  private readonly perFile = new Map<FileServices, Partial<CompileOptions>>();
  private readonly servers = new Map<FileServices, { base: string; close(): void }>();

  /** Starts the HTTP servers the files ask for. */
  async start(files: Iterable<FileServices>): Promise<void> {
    for (const f of files) if (f.httpServer) this.servers.set(f, await serveInChild(RULE_SERVER, [JSON.stringify(f.httpServer)]));
  }

  close(): void {
    for (const s of this.servers.values()) s.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** `script` with `PORT` replaced by the port of the file's HTTP server. */
  script(file: FileServices, script: string): string {
    const server = this.servers.get(file);
    return server ? script.replaceAll('PORT', new URL(server.base).port) : script;
  }

  /** Compile options giving a case its file's services, and its own scripts to use(). */
  options(file: FileServices, scripts: Record<string, string> | undefined): Partial<CompileOptions> {
    let opts = this.perFile.get(file);
    if (!opts) {
      opts = this.fileOptions(file);
      this.perFile.set(file, opts);
    }
    return scripts ? { ...opts, scripts: scriptsInMemory(scripts) } : opts;
  }

  private fileOptions(file: FileServices): Partial<CompileOptions> {
    const opts: Partial<CompileOptions> = {};
    const name = (ext: string) => path.join(this.dir, `${this.perFile.size}.${ext}`);
    if (file.referTables) {
      const f = name('json');
      fs.writeFileSync(f, JSON.stringify(file.referTables));
      opts.referTables = loadReferTables([f]);
    }
    if (file.ipdb) {
      const f = name('mmdb');
      fs.writeFileSync(f, writeMmdb('GeoLite2-City', file.ipdb.city));
      opts.ipdb = standIns(openIpDatabase(f), file.ipdb);
    }
    if (this.servers.has(file)) opts.http = httpRequester({ timeoutMs: MAX_HTTP_TIMEOUT_MS });
    return opts;
  }
}

/** Reads the mock's texts as the addresses that stand for them in the real database. */
function standIns(db: IpDatabase, data: IpdbData): IpDatabase {
  return { lookup: (text) => db.lookup(Object.hasOwn(data.addresses, text) ? data.addresses[text] : data.otherwise) };
}
