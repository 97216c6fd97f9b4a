// Go's time.ParseInLocation corner cases that default_time's built layouts rely on; every
// expected value is what Go 1.26 answers for the same layout, text and zone.

import * as assert from 'node:assert/strict';
import { parseGoLayout } from './goparse';
import { formatGoLayout } from './golayout';
import { nsToZoned } from './civil';
import { Zone } from './zone';

const SH = Zone.get('Asia/Shanghai') as Zone;
const NY = Zone.get('America/New_York') as Zone;

describe('parseGoLayout reads as Go does', () => {
  const cases: Array<[string, string, string, Zone, string | undefined]> = [
    ['runs of spaces match runs of spaces', 'Jan 2 2006', 'Dec   2  2021', SH, '1638374400000000000'],
    ['"UTC" wins over an offset after it', '15:04 MST-07 2006-01-02', '10:00 UTC-05 2021-12-02', SH, '1638439200000000000'],
    ['an abbreviation the zone never used reads the wall time as UTC', '2006-01-02 15:04 MST', '2021-12-02 10:00 PST', SH, '1638439200000000000'],
    ['the zone\'s own abbreviation takes its offset', '2006-01-02 15:04 MST', '2021-12-02 10:00 CST', SH, '1638410400000000000'],
    ['a name from another season of the zone keeps that season\'s offset', '2006-01-02 15:04 MST', '2021-07-02 10:00 EST', NY, '1625238000000000000'],
    ['GMT+8 is not a zone of New York: wall time as UTC', '2006-01-02 15:04 MST', '2021-12-02 10:00 GMT+8', NY, '1638439200000000000'],
    ['"am" is literal text: 12:30am stays 12:30', '2006-01-02 3:04am', '2021-12-02 12:30am', SH, '1638419400000000000'],
    ['"PM" reads AM too', '2006-01-02 3:04PM', '2021-12-02 12:30AM', SH, '1638376200000000000'],
    ['"pm" wants lower case', '2006-01-02 3:04pm', '2021-12-02 12:30PM', SH, undefined],
    ['day of the year', '2006 002', '2021 336', SH, '1638374400000000000'],
    ['space-padded day of the year', '2006 __2 15', '2021  36 15', SH, '1612508400000000000'],
    ['a fraction after the seconds, comma and past nine digits', '2006-01-02 15:04:05', '2021-12-02 10:00:01,123456789123', SH, '1638410401123456789'],
    ['offset hours above 24', '2006-01-02 15:04:05 -07:00', '2021-12-02 10:00:01 +25:00', SH, undefined],
    ['no 29 February in 2021', '2006-01-02 15:04:05', '2021-02-29 10:00:01', SH, undefined],
    ['"_2006" is an underscore and a year', 'x_2006', 'x_2021', SH, '1609430400000000000'],
    ['a "+03" zone name is unknown: wall time as UTC', '2006-01-02 15:04:05 MST', '2021-12-02 10:00:01 +03', SH, '1638439201000000000'],
    ['Z for a Z07:00 chunk is UTC', '2006-01-02T15:04:05Z07:00', '2021-12-02T10:00:01Z', SH, '1638439201000000000'],
  ];
  for (const [title, layout, value, zone, want] of cases) {
    it(title, () => assert.equal(parseGoLayout(layout, value, zone)?.toString(), want));
  }
});

describe('formatGoLayout chunks layouts as Go does', () => {
  it('keeps digits Go does not read as chunks and formats the ones it does', () => {
    const t = nsToZoned(1638410401123456789n, SH);
    assert.equal(formatGoLayout('2006-01-02 15:04:05.000 MST x_2006 7 8', t), '2021-12-02 10:00:01.123 CST x_2021 7 8');
    assert.equal(formatGoLayout('Monday, January 2 002 3PM', t), 'Thursday, December 2 336 10AM');
  });
});
