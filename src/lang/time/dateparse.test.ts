// default_time's parser on arbitrary text: it never throws, it gives up on texts that would
// make dateparse start over without end, and epoch numbers come back exactly. (What it
// answers for real layouts is the conformance suite's dateparse table.)

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAnyDate } from './dateparse';
import { Zone } from './zone';

const ZONES = ['UTC', 'Asia/Shanghai', 'America/New_York', 'Europe/Berlin'].map((z) => Zone.get(z) as Zone);
const CLOCK = { nowNs: () => 1749988800000000000n };

// Pieces real date texts are made of, so that random texts reach deep into the scan.
const piece = fc.oneof(
  fc.constantFrom('2021', '12', '2', '02', '31', '11:55', ':43', '.123', ',786', ' ', '  ', '-', '/', '.', ':', ',', 'T', 'Z', '\'',
    'Dec', 'December', 'Tue', 'Tuesday', 'Sept.', 'th', 'nd', 'at', 'AM', 'pm', 'CST', 'PST', 'UTC', 'GMT', 'MST', '+0800', '-07:00',
    '+08', ' m=+0.000000001', ' (CEST)', '年', '月', '日', '\u2212', 'é'),
  fc.string({ maxLength: 3 }),
);
const dateish = fc.array(piece, { maxLength: 14 }).map((ps) => ps.join(''));

describe('parseAnyDate on arbitrary text', () => {
  it('returns ns or undefined, never throws', () => {
    fc.assert(fc.property(dateish, fc.constantFrom(...ZONES), (text, zone) => {
      const v = parseAnyDate(text, zone, CLOCK);
      assert.ok(v === undefined || typeof v === 'bigint');
    }), { numRuns: 3000 });
  });

  it('reads any 19-, 16-, 13- or 10-digit number as epoch ns, us, ms or s', () => {
    fc.assert(fc.property(fc.bigInt({ min: 1000000000000000000n, max: 9223372036854775807n }), (ns) => {
      const s = ns.toString();
      assert.equal(parseAnyDate(s, ZONES[1], CLOCK), ns);
      assert.equal(parseAnyDate(s.slice(0, 16), ZONES[1], CLOCK), BigInt(s.slice(0, 16)) * 1000n);
      assert.equal(parseAnyDate(s.slice(0, 13), ZONES[1], CLOCK), BigInt(s.slice(0, 13)) * 1000000n);
      assert.equal(parseAnyDate(s.slice(0, 10), ZONES[1], CLOCK), BigInt(s.slice(0, 10)) * 1000000000n);
    }));
  });

  it('gives up on a text that keeps dropping leading weekdays, and on a 20-digit number', () => {
    assert.equal(parseAnyDate(`${'Mon '.repeat(100000)}Dec 2 2021`, ZONES[0], CLOCK), undefined);
    assert.equal(parseAnyDate(`${'Mon '.repeat(3)}Dec 2 2021`, ZONES[0], CLOCK), 1638403200000000000n);
    assert.equal(parseAnyDate('99999999999999999999', ZONES[0], CLOCK), undefined);
  });

  it('keeps leading spaces significant, as Go does', () => {
    assert.equal(parseAnyDate(' 2021-12-02 11:55:43', ZONES[0], CLOCK), undefined);
    assert.equal(parseAnyDate('2021-12-02 11:55:43 ', ZONES[0], CLOCK), 1638446143000000000n);
  });
});
