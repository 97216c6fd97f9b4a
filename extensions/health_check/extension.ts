/** The `health_check` extension: 200 while the collector runs, 503 while it starts or shuts down (the Collector's bodies). */
import type http from 'node:http';
import type { Component, Host } from '../../src/component/component';
import { HttpListener } from '../../src/net/server';
import type { Logger } from '../../src/telemetry/logger';

export class HealthCheck implements Component {
  private readonly listener: HttpListener;
  private host: Host | undefined;
  private readonly upSince = new Date();
  address: string | undefined;

  constructor(
    private readonly cfg: { endpoint: string; path: string },
    private readonly logger: Logger,
  ) {
    this.listener = new HttpListener({ onError: (err) => this.logger.error({ err: err.message }, 'The listening socket reported an error') });
  }

  async start(host: Host): Promise<void> {
    this.host = host;
    this.address = await this.listener.start(this.cfg.endpoint, (req, res) => this.handle(req, res));
    this.logger.info({ address: this.address }, `Health check listening on ${this.address}`);
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
    await this.listener.stop();
  }
}
