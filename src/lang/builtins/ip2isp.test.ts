// ip2isp() against real MMDB files from the test writer: the answers for known and unknown
// addresses and for values that are not addresses, and the databases isp_db refuses.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileScript, formatDiagnostics } from '../index';
import { IpDatabaseError, openIpDatabase, openIspDatabase, type IspDatabase } from './env/ipdb';
import { writeMmdb } from './env/mmdb-writer';
import { TEST_ISP, writeTestIpDatabases } from './env/testing';

describe('ip2isp', () => {
  let dir: string;
  let ispdb: IspDatabase;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-ip2isp-'));
    const file = path.join(dir, 'isp.mmdb');
    fs.writeFileSync(file, writeMmdb('GeoIP2-ISP', [...TEST_ISP, ['2001:db8:1::/48', { isp: 'Example V6' }]]));
    ispdb = openIspDatabase(file);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function ispOf(script: string, message: string): unknown {
    const compiled = compileScript(script, { name: 't.p', ispdb });
    assert.ok(compiled.script, formatDiagnostics(compiled.diagnostics, script));
    return compiled.script.run({ message }).fields.isp;
  }

  it('names the ISP of IPv4 and IPv6 addresses it knows, ignoring surrounding spaces', () => {
    assert.equal(ispOf('add_key(isp, ip2isp(_))', '203.0.113.200'), 'Example Net');
    assert.equal(ispOf('add_key(isp, ip2isp(_))', ' 203.0.113.1\n'), 'Example Net');
    assert.equal(ispOf('add_key(isp, ip2isp(_))', '2001:db8:1::7'), 'Example V6');
  });

  it('answers "unknown" for an address it does not know and for what is not an address', () => {
    for (const text of ['203.0.114.1', '2001:db8:2::1', 'localhost', '203.0.113', '']) assert.equal(ispOf('add_key(isp, ip2isp(_))', text), 'unknown', text);
    assert.equal(ispOf('add_key(isp, ip2isp(1))', 'x'), 'unknown');
    assert.equal(ispOf('add_key(isp, ip2isp(missing))', 'x'), 'unknown');
  });

  it('geoip() writes the same isp when both databases are configured', () => {
    const dbs = writeTestIpDatabases(dir);
    const isp = openIspDatabase(dbs.isp);
    const { script } = compileScript('geoip(_)\nadd_key(via, ip2isp(_))', { name: 't.p', ipdb: openIpDatabase(dbs.city, isp), ispdb: isp });
    const fields = script!.run({ message: '203.0.113.9' }).fields;
    assert.deepEqual([fields.isp, fields.via], ['Example Net', 'Example Net']);
  });

  it('without an ISP database the check fails at the call, naming geoip.isp_db', () => {
    const { script, diagnostics } = compileScript('x = 1\nadd_key(isp, ip2isp(_))', { name: 't.p' });
    assert.equal(script, undefined);
    assert.equal(formatDiagnostics(diagnostics, 'x = 1\nadd_key(isp, ip2isp(_))').split('\n')[0], 't.p:2:14: error: ip2isp() needs an ISP database');
    assert.match(diagnostics[0].hint ?? '', /geoip\.isp_db/);
  });

  it('isp_db refuses a database that is not an ISP one, and a file that is not MMDB', () => {
    const asn = path.join(dir, 'asn.mmdb');
    fs.writeFileSync(asn, writeMmdb('GeoLite2-ASN', [['203.0.113.0/24', { autonomous_system_number: 64500, autonomous_system_organization: 'Example AS' }]]));
    assert.throws(() => openIspDatabase(asn), (e: unknown) => e instanceof IpDatabaseError && e.which === 'isp' && /"[^"]*asn\.mmdb" is a GeoLite2-ASN database, not an ISP one/.test(e.message));
    const junk = path.join(dir, 'junk.mmdb');
    fs.writeFileSync(junk, 'not a database');
    assert.throws(() => openIspDatabase(junk), (e: unknown) => e instanceof IpDatabaseError && e.which === 'isp' && /is not a MaxMind DB/.test(e.message));
  });
});
