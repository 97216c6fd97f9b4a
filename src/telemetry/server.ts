/** Serves `/metrics` in the Prometheus text format, as the Collector does on :8888. */
import { HttpListener } from '../net/server';
import type { Metrics } from './metrics';

export class MetricsServer {
  private readonly listener: HttpListener;

  constructor(
    private readonly metrics: Metrics,
    private readonly address: string,
    onError: (err: Error) => void = () => {},
  ) {
    this.listener = new HttpListener({ onError });
  }

  /** Resolves with the bound address. */
  start(): Promise<string> {
    return this.listener.start(this.address, (req, res) => {
      if (req.method === 'GET' && (req.url === '/metrics' || req.url?.startsWith('/metrics?'))) {
        this.metrics.registry.metrics().then(
          (text) => res.writeHead(200, { 'content-type': this.metrics.registry.contentType }).end(text),
          (err) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err)),
        );
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: metrics are at /metrics\n');
    });
  }

  stop(): Promise<void> {
    return this.listener.stop();
  }
}
