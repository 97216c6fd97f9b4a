/**
 * The HTTP/2 connections of the otlp_grpc exporter: one session per backend address, opened on
 * first use and replaced once it fails, is told to go away (GOAWAY) or misses a keepalive ping.
 * `pick_first` connects to the endpoint's name as the system resolves it; `round_robin` resolves
 * every address of the name and spreads calls over them, resolving again when one is lost.
 */
import * as dns from 'node:dns';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import type { ConnectionOptions as TlsOptions } from 'node:tls';

export type Target = { host: string; port: number } | { unixPath: string };

export interface PoolOptions {
  target: Target;
  /** TLS options (CA, client certificate, verification); absent: plain-text HTTP/2. */
  tls?: TlsOptions;
  balancer: 'pick_first' | 'round_robin';
  keepalive?: { time: number; timeout: number; permitWithoutStream: boolean };
  /** Every address of a name (the system resolver unless given). */
  lookupAll?: (host: string) => Promise<string[]>;
}

const systemLookupAll = async (host: string): Promise<string[]> => (await dns.promises.lookup(host, { all: true })).map((a) => a.address);

/** A session and the calls it carries now (keepalive pings only a busy one, unless permitted). */
export interface Conn {
  readonly session: http2.ClientHttp2Session;
  /** How to reach the backend, for error messages: `host:port` or the socket path. */
  readonly address: string;
  active: number;
}

const NAME = 'default';

export class ConnectionPool {
  private readonly conns = new Map<string, Conn & { timer?: NodeJS.Timeout }>();
  private addresses?: Promise<string[]>;
  private next = 0;

  constructor(private readonly o: PoolOptions) {}

  /** A session for the next call; it may still be connecting (the call's stream waits for it). */
  async acquire(): Promise<Conn> {
    const addr = await this.pick();
    const c = this.conns.get(addr);
    return c && !c.session.closed && !c.session.destroyed ? c : this.open(addr);
  }

  close(): void {
    for (const c of this.conns.values()) {
      clearInterval(c.timer);
      c.session.destroy();
    }
    this.conns.clear();
  }

  private async pick(): Promise<string> {
    const t = this.o.target;
    if (!('host' in t) || this.o.balancer === 'pick_first' || net.isIP(t.host)) return NAME;
    this.addresses ??= (async () => {
      try {
        const all = await (this.o.lookupAll ?? systemLookupAll)(t.host);
        if (all.length === 0) throw new Error('no address');
        return all;
      } catch (err) {
        this.addresses = undefined;
        throw new Error(`cannot resolve "${t.host}": ${(err as Error).message}`);
      }
    })();
    const list = await this.addresses;
    return list[this.next++ % list.length];
  }

  private open(addr: string): Conn {
    const t = this.o.target;
    const scheme = this.o.tls ? 'https' : 'http';
    let url: string;
    let address: string;
    const opts: http2.SecureClientSessionOptions = { ...this.o.tls };
    if ('unixPath' in t) {
      url = `${scheme}://localhost`;
      address = t.unixPath;
      opts.createConnection = () => net.connect(t.unixPath);
    } else {
      const host = addr === NAME ? t.host : addr;
      url = `${scheme}://${net.isIPv6(host) ? `[${host}]` : host}:${t.port}`;
      address = `${t.host}:${t.port}`;
      // Certificates name the host, not the address it resolved to; an IP is never sent as SNI.
      if (this.o.tls && !opts.servername && !net.isIP(t.host)) opts.servername = t.host;
    }
    const session = http2.connect(url, opts);
    const c: Conn & { timer?: NodeJS.Timeout } = { session, address, active: 0 };
    const drop = () => {
      clearInterval(c.timer);
      if (this.conns.get(addr) !== c) return;
      this.conns.delete(addr);
      // A lost address may be gone for good: ask the resolver again before the next pick.
      if (addr !== NAME) this.addresses = undefined;
    };
    // Errors reach the calls through their streams; without a listener they would crash the process.
    session.on('error', drop);
    session.on('goaway', drop);
    session.on('close', drop);
    if (this.o.keepalive) c.timer = this.keepalive(c, this.o.keepalive);
    this.conns.set(addr, c);
    return c;
  }

  private keepalive(c: Conn, ka: NonNullable<PoolOptions['keepalive']>): NodeJS.Timeout {
    const timer = setInterval(() => {
      if (c.active === 0 && !ka.permitWithoutStream) return;
      if (c.session.connecting || c.session.closed) return;
      const dead = setTimeout(() => c.session.destroy(new Error(`keepalive ping unanswered after ${ka.timeout}ms`)), ka.timeout);
      dead.unref();
      const sent = c.session.ping(() => clearTimeout(dead));
      if (!sent) clearTimeout(dead);
    }, ka.time);
    timer.unref();
    return timer;
  }
}
