import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { listenOverflows, listenOverflowsIn } from './netstat';

describe('listen backlog overflows', () => {
  it('reads ListenOverflows from the TcpExt group, wherever the column sits', () => {
    const text = 'TcpExt: SyncookiesSent ListenOverflows ListenDrops\nTcpExt: 3 17 19\nIpExt: InNoRoutes\nIpExt: 0\n';
    assert.equal(listenOverflowsIn(text), 17);
    assert.equal(listenOverflowsIn('IpExt: InNoRoutes\nIpExt: 0\n'), undefined);
    assert.equal(listenOverflowsIn('TcpExt: SyncookiesSent\nTcpExt: 3\n'), undefined);
  });

  it('is a number on Linux and undefined where the file is missing', function () {
    if (!existsSync('/proc/net/netstat')) this.skip(); // not Linux: nothing to read
    assert.equal(typeof listenOverflows(), 'number');
    assert.equal(listenOverflows('/nonexistent/netstat'), undefined);
  });
});
