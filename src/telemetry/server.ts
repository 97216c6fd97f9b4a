import http from 'node:http';
import type { AddressInfo } from 'node:net';
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

export function splitHostPort(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  const host = address.slice(0, i).replace(/^\[|\]$/g, '') || '0.0.0.0';
  return { host, port: Number(address.slice(i + 1)) };
}

/**
 * Listens and turns EADDRINUSE and friends into one clear error instead of an 'error' event crash.
 * Errors the server reports once listening (EMFILE on accept) go to `onLaterError`: an 'error'
 * event nobody listens to would throw.
 */
export function listen(server: http.Server, host: string, port: number, onLaterError: (err: Error) => void = () => {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      const why = err.code === 'EADDRINUSE' ? 'the address is already in use' : err.code === 'EACCES' ? 'permission denied' : err.message;
      reject(new Error(`cannot listen on ${host}:${port}: ${why}`));
    };
    const onListening = () => {
      server.off('error', onError);
      server.on('error', onLaterError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
