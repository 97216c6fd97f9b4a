import * as assert from 'node:assert/strict';
import { parseUserAgent } from './user_agent';

describe('user_agent: hostile input', () => {
  it('many unclosed "(" stay linear (was quadratic: 120 kB took ~2 s)', () => {
    const ua = 'a ('.repeat(100000);
    const t0 = process.hrtime.bigint();
    parseUserAgent(ua);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    assert.ok(ms < 300, `took ${ms} ms`);
  });
  it('an unclosed comment runs to the end of the text, as mssola/user_agent reads it', () => {
    const info = parseUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64');
    assert.equal(info.ua, 'Windows');
    assert.equal(info.os, 'Windows 10');
  });
});
