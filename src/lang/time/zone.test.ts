import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { UTC_NAMES, Zone } from './zone';

describe('time zones', () => {
  it('read every name of UTC as UTC: no offset, abbreviation UTC, the same as Intl says', () => {
    const instants = [0, Date.UTC(2021, 5, 18, 10, 7, 8), Date.UTC(1901, 0, 1)];
    for (const name of UTC_NAMES) {
      const z = Zone.get(name)!;
      for (const at of instants) {
        assert.equal(z.offsetAt(at), 0, name);
        assert.equal(z.abbreviation(at), 'UTC', name);
        const hour = new Intl.DateTimeFormat('en-US', { timeZone: name, hour: 'numeric', hourCycle: 'h23' }).formatToParts(at).find((p) => p.type === 'hour')!.value;
        assert.equal(Number(hour), new Date(at).getUTCHours(), name);
      }
    }
  });

  it('name the process zone from TZ, else from what /etc/localtime links to, as Intl resolves it', () => {
    const probe = "const { Zone } = require('./src/lang/time/zone'); const z = Zone.get(Zone.processZoneName()); process.stdout.write(JSON.stringify([z.offsetAt(Date.UTC(2021, 5, 18)), z.offsetAt(Date.UTC(2021, 0, 18)), Intl.DateTimeFormat().resolvedOptions().timeZone]))";
    for (const tz of [undefined, 'Asia/Shanghai', 'America/New_York']) {
      const env = { ...process.env, TZ: tz };
      if (tz === undefined) delete env.TZ;
      const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', probe], { env, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const [summer, winter, intlName] = JSON.parse(r.stdout) as [number, number, string];
      const intl = Zone.get(intlName)!;
      assert.deepEqual([summer, winter], [intl.offsetAt(Date.UTC(2021, 5, 18)), intl.offsetAt(Date.UTC(2021, 0, 18))], tz || '(TZ unset)');
    }
  });
});
