import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { globToRegExp, Matcher } from './glob';
import { tempDir } from './testing';

describe('file_log glob', () => {
  it('matches *, ?, classes, braces and ** like doublestar', () => {
    const re = (p: string) => globToRegExp(p);
    assert.ok(re('/var/log/*.log').test('/var/log/app.log'));
    assert.ok(!re('/var/log/*.log').test('/var/log/sub/app.log'));
    assert.ok(re('/var/log/app-?.log').test('/var/log/app-1.log'));
    assert.ok(re('/var/log/app-[0-9].log').test('/var/log/app-7.log'));
    assert.ok(!re('/var/log/app-[!0-9].log').test('/var/log/app-7.log'));
    assert.ok(re('/var/log/{api,web}.log').test('/var/log/web.log'));
    assert.ok(!re('/var/log/{api,web}.log').test('/var/log/db.log'));
    assert.ok(re('/var/**/*.log').test('/var/a.log'));
    assert.ok(re('/var/**/*.log').test('/var/x/y/z/a.log'));
    assert.ok(re('/var/log/**').test('/var/log/x/y'));
    assert.ok(!re('/var/log/a.log').test('/var/log/aXlog'), 'a dot is literal');
  });

  it('walks the file system from the first wildcard, sorted and without duplicates', async () => {
    const dir = await tempDir();
    await fsp.mkdir(path.join(dir, 'a', 'b'), { recursive: true });
    for (const f of ['x.log', 'a/y.log', 'a/b/z.log', 'a/b/z.txt']) await fsp.writeFile(path.join(dir, f), '');
    const m = new Matcher([path.join(dir, '**', '*.log'), path.join(dir, 'a', '*.log')], [path.join(dir, 'a', 'b', '*')]);
    assert.deepEqual(await m.match(), [path.join(dir, 'a', 'y.log'), path.join(dir, 'x.log')]);
    const literal = new Matcher([path.join(dir, 'x.log'), path.join(dir, 'missing.log')], []);
    assert.deepEqual(await literal.match(), [path.join(dir, 'missing.log'), path.join(dir, 'x.log')]);
  });

  it('tells for each include glob the directory it starts from and what it matched', async () => {
    const dir = await tempDir();
    await fsp.writeFile(path.join(dir, 'x.log'), '');
    const m = new Matcher([path.join(dir, '*.log'), path.join(dir, 'sub', '**', '*.log'), path.join(dir, 'missing.log')], []);
    assert.deepEqual(await m.matchEach(), [
      { glob: path.join(dir, '*.log'), dir, paths: [path.join(dir, 'x.log')] },
      { glob: path.join(dir, 'sub', '**', '*.log'), dir: path.join(dir, 'sub'), paths: [] },
      { glob: path.join(dir, 'missing.log'), dir, paths: [path.join(dir, 'missing.log')] },
    ]);
  });
});
