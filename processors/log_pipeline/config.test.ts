// The keys that give scripts what they may use (scripts_dir, geoip, refer_tables, http_request):
// decoded, turned into the language's services, and their problems reported with their key.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ConfigIssue } from '../../src/config/issue';
import { writeTestIpDatabases } from '../../src/lang/builtins/env/testing';
import { factory } from './factory';

function issuesOf(raw: unknown): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const cfg = factory.config.decode(raw, '', issues);
  if (cfg !== undefined && issues.length === 0) issues.push(...factory.validate!(cfg));
  return issues;
}

describe('log_pipeline: what scripts may use', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lp-services-'));
    mkdirSync(path.join(dir, 'scripts'));
    writeFileSync(path.join(dir, 'scripts', 'ids.p'), 'grok(_, "id=%{INT:id:int}")');
    writeFileSync(path.join(dir, 'hosts.csv'), 'name,team\nweb1,shop\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('scripts_dir, geoip and refer_tables make use(), geoip(), ip2isp() and query_refer_table() check', () => {
    const dbs = writeTestIpDatabases(dir);
    const script = 'use("ids.p")\ngeoip(_)\nadd_key(isp, ip2isp(_))\nquery_refer_table("hosts", "name", "web1")';
    assert.deepEqual(issuesOf({ script, scripts_dir: path.join(dir, 'scripts'), geoip: { city_db: dbs.city, isp_db: dbs.isp }, refer_tables: [path.join(dir, 'hosts.csv')] }), []);
  });

  it('without them the script fails the check, with the hint naming the key', () => {
    const [issue] = issuesOf({ script: 'use("ids.p")' });
    assert.match(issue.message, /use\(\) needs a scripts directory[\s\S]*hint: configure a scripts directory \(log_pipeline: scripts_dir; the pipeline command: --scripts-dir\)/);
  });

  it('unreadable databases and tables are issues of their key', () => {
    const issues = issuesOf({ script: 'x = 1', geoip: { city_db: path.join(dir, 'none.mmdb') }, refer_tables: [path.join(dir, 'none.json')] });
    assert.deepEqual(issues.map((i) => i.path), ['geoip::city_db', 'refer_tables']);
    assert.match(issues[0].message, /cannot read ".*none\.mmdb": ENOENT/);
  });

  it('geoip names at least one database', () => {
    assert.deepEqual(issuesOf({ script: 'x = 1', geoip: {} }).map((i) => i.path), ['geoip']);
    assert.deepEqual(issuesOf({ script: 'x = 1', geoip: { isp_db: path.join(dir, 'none.mmdb') } }).map((i) => i.path), ['geoip::isp_db']);
    assert.deepEqual(issuesOf({ script: 'x = 1', geoip: { city_db: path.join(dir, 'none.mmdb'), isp_db: path.join(dir, 'none.mmdb') } }).map((i) => i.path), ['geoip::isp_db', 'geoip::city_db']);
  });

  it('isp_db alone makes ip2isp() check; geoip() then fails the check naming city_db', () => {
    const dbs = writeTestIpDatabases(dir);
    assert.deepEqual(issuesOf({ script: 'add_key(isp, ip2isp(_))', geoip: { isp_db: dbs.isp } }), []);
    const [issue] = issuesOf({ script: 'geoip(_)', geoip: { isp_db: dbs.isp } });
    assert.match(issue.message, /geoip\(\) needs a City database[\s\S]*hint: .*geoip\.city_db/);
  });

  it('ip2isp() without isp_db fails the check naming it, even with city_db', () => {
    const dbs = writeTestIpDatabases(dir);
    const [issue] = issuesOf({ script: 'add_key(isp, ip2isp(_))', geoip: { city_db: dbs.city } });
    assert.match(issue.message, /ip2isp\(\) needs an ISP database[\s\S]*hint: .*geoip\.isp_db/);
  });

  it('isp_db must be an ISP database', () => {
    const dbs = writeTestIpDatabases(dir);
    const issues = issuesOf({ script: 'x = 1', geoip: { isp_db: dbs.city } });
    assert.deepEqual(issues.map((i) => i.path), ['geoip::isp_db']);
    assert.match(issues[0].message, /is a GeoLite2-City database, not an ISP one \(use GeoIP2-ISP\.mmdb/);
  });

  it('http_request is off by default and its timeout is bounded', () => {
    assert.match(issuesOf({ script: 'http_request("GET", "http://127.0.0.1/")' })[0].message, /needs outbound HTTP to be allowed/);
    assert.deepEqual(issuesOf({ script: 'http_request("GET", "http://127.0.0.1/")', http_request: { enabled: true } }), []);
    assert.deepEqual(issuesOf({ script: 'x = 1', http_request: { enabled: true, timeout: '30s' } }).map((i) => i.path), ['http_request::timeout']);
  });
});
