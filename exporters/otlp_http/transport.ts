/**
 * One OTLP/HTTP POST and the classification of its outcome (otlphttpexporter rules):
 * 2xx = success (partial success logged, never retried; an unparseable 2xx body is permanent),
 * 429/502/503/504 and network errors = retryable (Retry-After honoured on 429/503),
 * every other status = permanent, with the server's message from its `Status` body.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import { parseRetryAfter } from '../../src/exporterhelper/backoff';
import type { ExportRequest } from '../../src/exporterhelper/request';
import type { ExportResult } from '../../src/exporterhelper/result';
import { CONTENT_TYPES, decodePartialSuccess } from '../../src/otlp/encode';
import { decodeRpcStatus } from '../../src/otlp/rpc-status';
import { readTlsFile } from '../../src/net/tls';
import { redactUrl } from '../../src/util/redact';
import type { Config } from './config';

/** Like the Collector, read at most 64 KiB of any response body. */
const MAX_RESPONSE = 64 * 1024;
const RETRYABLE = new Set([429, 502, 503, 504]);
const USER_AGENT = `dd-otel-bridge (${os.platform()}/${os.arch()})`;

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export class Transport {
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent: https.Agent;
  private readonly headers: Record<string, string>;

  /** Reads the TLS files now, so a missing file fails at start rather than at first send. */
  constructor(private readonly cfg: Config) {
    const tls = cfg.tls;
    this.httpsAgent = new https.Agent({
      keepAlive: true,
      ca: readTlsFile('ca_file', tls.ca_file),
      cert: readTlsFile('cert_file', tls.cert_file),
      key: readTlsFile('key_file', tls.key_file),
      rejectUnauthorized: !tls.insecure_skip_verify,
    });
    this.headers = { 'user-agent': USER_AGENT, ...cfg.headers };
  }

  async send(url: string, req: ExportRequest): Promise<ExportResult> {
    const headers: Record<string, string> = {
      ...this.headers,
      'content-type': CONTENT_TYPES[req.encoding],
      'content-length': String(req.body.length),
    };
    if (req.gzip) headers['content-encoding'] = 'gzip';
    let res: HttpResponse;
    try {
      res = await this.post(url, headers, req.body);
    } catch (err) {
      // The message travels to logs and, with the queue off, back to the client: no URL password in it.
      return { kind: 'retryable', message: `failed to send to ${redactUrl(url)}: ${(err as Error).message}` };
    }
    return classify(res, req);
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private post(url: string, headers: Record<string, string>, body: Buffer): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const u = new URL(url);
      const secure = u.protocol === 'https:';
      const req = (secure ? https : http).request(
        u,
        { method: 'POST', headers, agent: secure ? this.httpsAgent : this.httpAgent, timeout: this.cfg.timeout },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            if (size < MAX_RESPONSE) chunks.push(c.subarray(0, MAX_RESPONSE - size));
            size += c.length;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`timeout after ${this.cfg.timeout}ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}

export function classify(res: HttpResponse, req: ExportRequest): ExportResult {
  const { status } = res;
  if (status >= 200 && status < 300) {
    try {
      const partial = decodePartialSuccess(req.signal, responseEncoding(res, req), res.body);
      return partial ? { kind: 'ok', partial } : { kind: 'ok' };
    } catch (err) {
      // Accepted but unreadable: re-sending could duplicate, so this is not retried.
      return { kind: 'permanent', message: `cannot parse the ${status} response body: ${(err as Error).message}` };
    }
  }
  const message = `HTTP ${status}: ${serverMessage(res) || 'no message'}`;
  if (RETRYABLE.has(status)) {
    const throttleMs = status === 429 || status === 503 ? parseRetryAfter(headerValue(res.headers['retry-after'])) : undefined;
    return { kind: 'retryable', message, throttleMs };
  }
  return { kind: 'permanent', message };
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function responseEncoding(res: HttpResponse, req: ExportRequest): 'proto' | 'json' {
  const ct = headerValue(res.headers['content-type']) ?? '';
  if (ct.includes('json')) return 'json';
  if (ct.includes('protobuf')) return 'proto';
  return req.encoding;
}

/** The `message` of a google.rpc.Status body (protobuf or JSON), else the body as text. */
export function serverMessage(res: HttpResponse): string {
  const body = res.body;
  if (body.length === 0) return '';
  const ct = headerValue(res.headers['content-type']) ?? '';
  try {
    if (ct.includes('protobuf')) return decodeRpcStatus(body).message;
    if (ct.includes('json')) {
      const parsed = JSON.parse(body.toString('utf8'));
      if (typeof parsed?.message === 'string') return parsed.message;
    }
  } catch {
    /* fall back to the text */
  }
  return body.toString('utf8').slice(0, 1024).trim();
}
