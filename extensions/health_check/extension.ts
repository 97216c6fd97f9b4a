import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Component, Host } from '../../src/component/component';
import type { Logger } from '../../src/telemetry/logger';
import { listen, splitHostPort } from '../../src/net/listen';

/** 200 while the collector runs, 503 while it starts or shuts down (the Collector's bodies). */
export class HealthCheck implements Component {
  private server: http.Server | undefined;
  private host: Host | undefined;
  private readonly upSince = new Date();
  address: string | undefined;

  constructor(
    private readonly cfg: { endpoint: string; path: string },
    private readonly logger: Logger,
  ) {}

  async start(host: Host): Promise<void> {
    this.host = host;
    const { host: h, port } = splitHostPort(this.cfg.endpoint);
    this.server = http.createServer((req, res) => this.handle(req, res));
    await listen(this.server, h, port, (err) => this.logger.error({ err: err.message }, 'health check server error'));
    const a = this.server.address() as AddressInfo;
    this.address = `${a.address}:${a.port}`;
    this.logger.info({ address: this.address }, `health check listening on ${this.address}`);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== this.cfg.path) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: health is at ${this.cfg.path}\n`);
      return;
    }
    const running = this.host?.status?.() === 'running';
    const body = running
      ? { status: 'Server available', upSince: this.upSince.toISOString(), uptime: `${process.uptime().toFixed(3)}s` }
      : { status: 'Server not available', upSince: this.upSince.toISOString(), uptime: `${process.uptime().toFixed(3)}s` };
    res.writeHead(running ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  async shutdown(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections?.();
    await new Promise<void>((r) => s.close(() => r()));
  }
}
