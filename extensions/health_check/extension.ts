/**
 * The `health_check` extension: 200 while the collector runs, 503 while it starts or shuts down
 * (the Collector's bodies). The body also carries each exporter's backend state; an exporter
 * whose backend is down does not make the check fail, so a sidecar stays in service (and its
 * app's pod with it) through a backend outage, as the Collector's check only fails for its own state.
 */
import type http from 'node:http';
import type { Component, Host } from '../../src/component/component';
import { backendStatuses, type BackendStatus } from '../../src/exporterhelper/backend';
import { HttpListener } from '../../src/net/server';
import type { Logger } from '../../src/telemetry/logger';
import type { Metrics } from '../../src/telemetry/metrics';

export interface ExporterHealth {
  /** `down` when any signal's last attempt failed in a way worth retrying. */
  backend: 'up' | 'down';
  since: string;
  error?: string;
}

export class HealthCheck implements Component {
  private readonly listener: HttpListener;
  private host: Host | undefined;
  private readonly upSince = new Date();
  address: string | undefined;

  constructor(
    private readonly cfg: { endpoint: string; path: string },
    private readonly logger: Logger,
    private readonly metrics?: Metrics,
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
    const body = {
      status: running ? 'Server available' : 'Server not available',
      upSince: this.upSince.toISOString(),
      uptime: `${process.uptime().toFixed(3)}s`,
      exporters: this.exporters(),
    };
    res.writeHead(running ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  /** Each exporter that has tried to send: its backend's state over all its signals. */
  private exporters(): Record<string, ExporterHealth> {
    const out: Record<string, ExporterHealth> = {};
    if (!this.metrics) return out;
    for (const [id, signals] of backendStatuses(this.metrics)) {
      const all = [...signals.values()];
      if (all.length === 0) continue; // created, not tried yet
      const down = all.filter((s) => s.state === 'down').sort((a, b) => a.since.getTime() - b.since.getTime());
      const pick: BackendStatus = down[0] ?? all.reduce((a, b) => (a.since > b.since ? a : b));
      out[id] = { backend: pick.state, since: pick.since.toISOString(), ...(pick.error ? { error: pick.error } : {}) };
    }
    return out;
  }

  async shutdown(): Promise<void> {
    await this.listener.stop();
  }
}
