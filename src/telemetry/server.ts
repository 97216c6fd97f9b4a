import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { listen, splitHostPort } from '../net/listen';
import type { Metrics } from './metrics';

/** Serves `/metrics` in the Prometheus text format, as the Collector does on :8888. */
export class MetricsServer {
  private server: http.Server | undefined;

  constructor(
    private readonly metrics: Metrics,
    private readonly address: string,
    private readonly onError: (err: Error) => void = () => {},
  ) {}

  async start(): Promise<string> {
    const { host, port } = splitHostPort(this.address);
    this.server = http.createServer((req, res) => {
      if (req.method === 'GET' && (req.url === '/metrics' || req.url?.startsWith('/metrics?'))) {
        this.metrics.registry.metrics().then(
          (text) => res.writeHead(200, { 'content-type': this.metrics.registry.contentType }).end(text),
          (err) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err)),
        );
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: metrics are at /metrics\n');
    });
    await listen(this.server, host, port, this.onError);
    const a = this.server.address() as AddressInfo;
    return `${a.address}:${a.port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    await new Promise<void>((r) => this.server!.close(() => r()));
    this.server = undefined;
  }
}
