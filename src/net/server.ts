/**
 * One lifecycle for every HTTP listener (the receivers, health_check, the telemetry server): bind,
 * the connection-level policy (read timeout answered 408, listen backlog, connection errors counted)
 * and a stop that lets requests in flight finish while idle keep-alive sockets close at once.
 */
import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { joinHostPort, listen, splitHostPort } from './listen';
import { listenUnix } from './unix';

/**
 * How the listener is reached, as the Collector's `transport` key says it: `tcp` with a
 * `host:port` endpoint, or `unix` with the socket file's path as the endpoint (see unix.ts for
 * stale sockets, the file mode and removal on stop).
 */
export const TRANSPORTS = ['tcp', 'unix'] as const;
export type Transport = (typeof TRANSPORTS)[number];

/** Connection-level failures Node reports, as bounded label values. */
export type ConnectionErrorReason = 'timeout' | 'reset' | 'malformed' | 'headers_too_large' | 'accept' | 'other';

export interface HttpListenerOptions {
  transport?: Transport;
  /** `socket_mode`: file mode of a Unix socket (default 0722, the agent's). */
  socketMode?: number;
  /**
   * `read_timeout`: the longest a request (headers and body) may take to arrive, from its first
   * byte; a slower one is answered 408 and its connection closed. Unset keeps Node's defaults.
   */
  readTimeoutMs?: number;
  /** `backlog`: connections the kernel queues before they are accepted (Node's default 511). */
  backlog?: number;
  /** Errors the listening socket reports once bound (EMFILE on accept): reported here, never thrown. */
  onError?(err: Error): void;
  /** Each connection-level failure (timeout, reset, unparseable request, failed accept). */
  onConnectionError?(reason: ConnectionErrorReason, err: Error): void;
}

/**
 * Node checks request deadlines on an interval (30 s by default, which is why a 5 s timeout used
 * to cut at ~27 s); this bounds how late past `read_timeout` a slow request is cut.
 */
const DEADLINE_CHECK_MS = 500;
/** Node's default limit on receiving the headers, kept when `read_timeout` is longer. */
const HEADERS_TIMEOUT_MS = 60_000;

export class HttpListener {
  private server: Server | undefined;
  private stopping: Promise<void> | undefined;
  /** The response in progress on each socket, so a connection error does not write into one already started. */
  private readonly responses = new Map<Socket, ServerResponse>();

  constructor(private readonly opts: HttpListenerOptions = {}) {}

  /** Binds `endpoint` and serves `handler`; resolves with the bound address (`host:port` with port 0 resolved, or the socket path). */
  async start(endpoint: string, handler: RequestListener): Promise<string> {
    if (this.server) throw new Error(`already listening on ${this.address()}`);
    const server = this.create(handler);
    await this.bind(server, endpoint);
    this.server = server;
    return this.address()!;
  }

  /** The bound TCP address (undefined before start, after stop, and for other transports). */
  tcpAddress(): AddressInfo | undefined {
    const a = this.server?.address();
    return a && typeof a === 'object' ? a : undefined;
  }

  /** The bound address as it would be configured: `host:port`, or the socket's path. */
  address(): string | undefined {
    const a = this.server?.address();
    if (typeof a === 'string') return a;
    return a ? joinHostPort(a.address, a.port) : undefined;
  }

  /**
   * Stops accepting, closes idle keep-alive connections now, and resolves once the requests in
   * flight have been answered (they may be waiting on the pipeline, which still runs). Idempotent.
   */
  stop(): Promise<void> {
    const server = this.server;
    if (!server) return this.stopping ?? Promise.resolve();
    this.stopping ??= new Promise<void>((resolve) => {
      // Answers still to come close their connection instead of keeping it alive.
      for (const res of this.responses.values()) if (!res.headersSent) res.shouldKeepAlive = false;
      server.close(() => {
        this.server = undefined;
        resolve();
      });
      server.closeIdleConnections();
    });
    return this.stopping;
  }

  private create(handler: RequestListener): Server {
    const t = this.opts.readTimeoutMs;
    const server = t
      ? createServer({ requestTimeout: t, headersTimeout: Math.min(t, HEADERS_TIMEOUT_MS), connectionsCheckingInterval: Math.min(DEADLINE_CHECK_MS, t) })
      : createServer();
    server.on('request', (req, res) => {
      const socket = req.socket;
      this.responses.set(socket, res);
      if (this.stopping) res.shouldKeepAlive = false;
      res.once('close', () => {
        if (this.responses.get(socket) === res) this.responses.delete(socket);
        // A connection whose last answer went out after stop() began is idle now: let it go.
        if (this.stopping) setImmediate(() => server.closeIdleConnections());
      });
      handler(req, res);
    });
    server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => this.clientError(err, socket));
    return server;
  }

  private bind(server: Server, endpoint: string): Promise<void> {
    const onLaterError = (err: Error) => {
      this.opts.onConnectionError?.('accept', err);
      this.opts.onError?.(err);
    };
    const transport = this.opts.transport ?? 'tcp';
    switch (transport) {
      case 'tcp':
        return listen(server, { ...splitHostPort(endpoint), backlog: this.opts.backlog }, onLaterError);
      case 'unix':
        return listenUnix(server, endpoint, { mode: this.opts.socketMode, backlog: this.opts.backlog }, onLaterError);
    }
  }

  /** Node hands us the socket of a request it could not take: answer what can be answered, then close. */
  private clientError(err: NodeJS.ErrnoException, socket: Socket): void {
    const reason = reasonOf(err);
    this.opts.onConnectionError?.(reason, err);
    const started = this.responses.get(socket)?.headersSent ?? false;
    if (reason === 'reset' || !socket.writable || started) {
      socket.destroy();
      return;
    }
    socket.end(rawAnswer(reason, this.opts.readTimeoutMs), () => socket.destroy());
  }
}

function reasonOf(err: NodeJS.ErrnoException): ConnectionErrorReason {
  const code = err.code ?? '';
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'timeout';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  if (code === 'HPE_HEADER_OVERFLOW') return 'headers_too_large';
  if (code.startsWith('HPE_')) return 'malformed';
  return 'other';
}

function rawAnswer(reason: ConnectionErrorReason, readTimeoutMs: number | undefined): string {
  const [status, text, body] =
    reason === 'timeout'
      ? [408, 'Request Timeout', `request not received within read_timeout (${readTimeoutMs === undefined ? "the server's limit" : formatMs(readTimeoutMs)})\n`]
      : reason === 'headers_too_large'
        ? [431, 'Request Header Fields Too Large', 'request headers too large\n']
        : [400, 'Bad Request', 'malformed HTTP request\n'];
  return `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
