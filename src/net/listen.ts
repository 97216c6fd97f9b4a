/** Binding a listener (TCP `host:port` or a Unix socket path) with one clear error when the address cannot be had. */
import type { Server } from 'node:net';

/** `host:port` (IPv6 hosts in brackets) as listen() wants it; an empty host means every interface. */
export function splitHostPort(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  const host = address.slice(0, i).replace(/^\[|\]$/g, '') || '0.0.0.0';
  return { host, port: Number(address.slice(i + 1)) };
}

/** `host:port` again, with an IPv6 host in brackets. */
export function joinHostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export interface TcpBinding {
  host: string;
  port: number;
  /** Connections the kernel queues before they are accepted (listen(2)); Node's default is 511. */
  backlog?: number;
}

export interface UnixBinding {
  /** The socket file's path. */
  path: string;
  backlog?: number;
}

/**
 * Listens and turns EADDRINUSE and friends into one clear error instead of an 'error' event crash.
 * Errors the server reports once listening (EMFILE on accept) go to `onLaterError`: an 'error'
 * event nobody listens to would throw.
 */
export function listen(server: Server, at: TcpBinding | UnixBinding, onLaterError: (err: Error) => void = () => {}): Promise<void> {
  const where = 'path' in at ? `unix socket ${at.path}` : `${at.host}:${at.port}`;
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      const why = err.code === 'EADDRINUSE' ? 'the address is already in use' : err.code === 'EACCES' ? 'permission denied' : err.message;
      reject(new Error(`cannot listen on ${where}: ${why}`));
    };
    const onListening = () => {
      server.off('error', onError);
      server.on('error', onLaterError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen('path' in at ? { path: at.path, backlog: at.backlog } : { port: at.port, host: at.host, backlog: at.backlog });
  });
}

