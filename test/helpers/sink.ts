/**
 * A test OTLP/HTTP backend. It decodes what it receives with an independent decoder —
 * protobufjs loading the opentelemetry-proto definitions that the dd-trace npm package ships —
 * never with our own encoder's library, so a bug there cannot hide itself. It answers with
 * scripted statuses, delays and Retry-After headers, and counts everything.
 */
import * as http from 'node:http';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import protobuf from 'protobufjs';
import type { AddressInfo } from 'node:net';

function protoDir(): string {
  const pkg = require.resolve('dd-trace/package.json');
  return path.join(path.dirname(pkg), 'packages/dd-trace/src/opentelemetry/otlp');
}

let root: protobuf.Root | undefined;
function types() {
  root ??= protobuf.loadSync(['trace_service.proto', 'logs_service.proto'].map((f) => path.join(protoDir(), f)));
  return {
    traceReq: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'),
    logsReq: root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest'),
    traceRes: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse'),
    logsRes: root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse'),
  };
}

export type Signal = 'traces' | 'logs';

export interface SinkResource {
  attributes: Record<string, unknown>;
  schemaUrl?: string;
}
export interface SinkScope {
  name: string;
  version?: string;
  attributes: Record<string, unknown>;
  schemaUrl?: string;
}

/** One span as the sink understood it: ids hex, times as decimal ns strings, values as JS. */
export interface SinkSpan {
  resource: SinkResource;
  scope: SinkScope;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  flags: number;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Record<string, unknown>;
  droppedAttributesCount: number;
  events: { timeUnixNano: string; name: string; attributes: Record<string, unknown>; droppedAttributesCount: number }[];
  droppedEventsCount: number;
  links: { traceId: string; spanId: string; traceState: string; attributes: Record<string, unknown>; flags: number }[];
  droppedLinksCount: number;
  status: { code: number; message: string };
}

export interface SinkLog {
  resource: SinkResource;
  scope: SinkScope;
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  body: unknown;
  attributes: Record<string, unknown>;
  droppedAttributesCount: number;
  flags: number;
  traceId: string;
  spanId: string;
  eventName: string;
}

export interface SinkRequest {
  signal: Signal;
  /** The request path, so one sink can serve several senders under different prefixes. */
  path: string;
  at: number;
  status: number;
  encoding: 'proto' | 'json';
  gzip: boolean;
  headers: http.IncomingHttpHeaders;
  spans: SinkSpan[];
  logs: SinkLog[];
  /** Set when the body could not be decoded (the sink then answers 400, or INVALID_ARGUMENT). */
  error?: string;
  /** gRPC mode (sink-grpc.ts): the status code answered; `status` is then 200 for OK, else 500. */
  grpcCode?: number;
}

/** One scripted answer; unscripted requests get 200. */
export interface Step {
  status?: number;
  retryAfter?: string;
  delayMs?: number;
  message?: string;
  /** Destroy the connection without answering (a network error for the client). */
  hangUp?: boolean;
  partial?: { rejected: number; message: string };
}

const SEVERITY_NUMBERS = 24;

/** What every test sink records, its scripted answers, and the waits and counts tests make on it. */
export class RecordingSink<S> {
  readonly requests: SinkRequest[] = [];
  private script: S[] = [];

  constructor(private fallback: S) {}

  /** Answers the next requests with these steps, in order. */
  respond(...steps: S[]): this {
    this.script.push(...steps);
    return this;
  }

  /** The answer once the script is used up. */
  respondAlways(step: S): this {
    this.fallback = step;
    return this;
  }

  protected nextStep(): S {
    return this.script.shift() ?? this.fallback;
  }

  /** Spans/logs from requests the sink accepted. */
  get spans(): SinkSpan[] {
    return this.requests.filter((r) => r.status < 300).flatMap((r) => r.spans);
  }
  get logs(): SinkLog[] {
    return this.requests.filter((r) => r.status < 300).flatMap((r) => r.logs);
  }

  count(status?: number): number {
    return status === undefined ? this.requests.length : this.requests.filter((r) => r.status === status).length;
  }

  async waitFor(pred: (s: this) => boolean, timeoutMs = 10000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred(this)) {
      if (Date.now() > deadline) {
        throw new Error(`sink: timed out waiting for ${what} (requests=${this.count()}, spans=${this.spans.length}, logs=${this.logs.length})`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

export class OtlpSink extends RecordingSink<Step> {
  private server!: http.Server;
  port = 0;

  constructor() {
    super({ status: 200 });
  }

  static async start(opts: { port?: number; host?: string } = {}): Promise<OtlpSink> {
    const s = new OtlpSink();
    await s.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
    return s;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections?.();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  listen(port: number, host: string): Promise<void> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const step = this.nextStep();
      const signal: Signal = req.url?.endsWith('/logs') ? 'logs' : 'traces';
      const encoding = (req.headers['content-type'] ?? '').includes('json') ? 'json' : 'proto';
      const gzip = req.headers['content-encoding'] === 'gzip';
      const record: SinkRequest = { signal, path: req.url ?? '', at: Date.now(), status: step.status ?? 200, encoding, gzip, headers: req.headers, spans: [], logs: [] };
      try {
        let body = Buffer.concat(chunks);
        if (gzip) body = zlib.gunzipSync(body);
        const decoded = decodeRequest(signal, encoding, body);
        record.spans = decoded.spans;
        record.logs = decoded.logs;
      } catch (err) {
        record.error = (err as Error).message;
        record.status = 400;
      }
      this.requests.push(record);
      if (step.delayMs) await new Promise((r) => setTimeout(r, step.delayMs));
      if (step.hangUp) {
        req.socket.destroy();
        return;
      }
      this.answer(res, record, step);
    });
  }

  private answer(res: http.ServerResponse, r: SinkRequest, step: Step): void {
    const headers: Record<string, string> = {};
    if (step.retryAfter) headers['retry-after'] = step.retryAfter;
    let body: Buffer;
    if (r.status < 300) {
      if (r.encoding === 'json') body = Buffer.from(JSON.stringify(exportResponseObject(r.signal, step.partial)));
      else body = encodeExportResponse(r.signal, step.partial);
    } else {
      const message = r.error ?? step.message ?? http.STATUS_CODES[r.status] ?? 'error';
      // google.rpc.Status: code = 1 (int32), message = 2 (string); written by hand, it is two fields.
      body = r.encoding === 'json' ? Buffer.from(JSON.stringify({ code: 3, message })) : statusProto(3, message);
    }
    headers['content-type'] = r.encoding === 'json' ? 'application/json' : 'application/x-protobuf';
    res.writeHead(r.status, headers).end(body);
  }
}

function exportResponseObject(signal: Signal, partial?: { rejected: number; message: string }): Obj {
  if (!partial) return {};
  return { partialSuccess: { [signal === 'traces' ? 'rejectedSpans' : 'rejectedLogRecords']: partial.rejected, errorMessage: partial.message } };
}

/** An Export<Signal>ServiceResponse in protobuf, with a partial success when given. */
export function encodeExportResponse(signal: Signal, partial?: { rejected: number; message: string }): Buffer {
  const t = types();
  const type = signal === 'traces' ? t.traceRes : t.logsRes;
  return Buffer.from(type.encode(type.fromObject(exportResponseObject(signal, partial))).finish());
}

function statusProto(code: number, message: string): Buffer {
  const w = protobuf.Writer.create();
  w.uint32((1 << 3) | 0).int32(code);
  w.uint32((2 << 3) | 2).string(message);
  return Buffer.from(w.finish());
}

type Obj = Record<string, any>;

/** Decodes an OTLP request body of either encoding into flat, comparable spans and logs. */
export function decodeRequest(signal: Signal, encoding: 'proto' | 'json', body: Buffer): { spans: SinkSpan[]; logs: SinkLog[] } {
  let root: Obj;
  if (encoding === 'json') root = JSON.parse(body.toString('utf8'));
  else {
    const t = types();
    const type = signal === 'traces' ? t.traceReq : t.logsReq;
    root = type.toObject(type.decode(body), { longs: String, enums: Number, arrays: true, defaults: false });
  }
  const spans: SinkSpan[] = [];
  const logs: SinkLog[] = [];
  const rKey = signal === 'traces' ? 'resourceSpans' : 'resourceLogs';
  const sKey = signal === 'traces' ? 'scopeSpans' : 'scopeLogs';
  for (const rg of root[rKey] ?? []) {
    const resource: SinkResource = { attributes: attrs(rg.resource?.attributes) };
    if (rg.schemaUrl) resource.schemaUrl = rg.schemaUrl;
    for (const sg of rg[sKey] ?? []) {
      const scope: SinkScope = { name: sg.scope?.name ?? '', attributes: attrs(sg.scope?.attributes) };
      if (sg.scope?.version) scope.version = sg.scope.version;
      if (sg.schemaUrl) scope.schemaUrl = sg.schemaUrl;
      if (signal === 'traces') for (const s of sg.spans ?? []) spans.push(span(s, resource, scope));
      else for (const l of sg.logRecords ?? []) logs.push(log(l, resource, scope));
    }
  }
  return { spans, logs };
}

function id(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v.toLowerCase();
  return Buffer.from(v as Uint8Array).toString('hex');
}

function ns(v: unknown): string {
  return v === undefined || v === null ? '0' : String(v);
}

function attrs(list: Obj[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // defineProperty: a key "__proto__" is data to decode, not the object's prototype.
  for (const kv of list ?? []) Object.defineProperty(out, kv.key, { value: anyValue(kv.value), enumerable: true, writable: true, configurable: true });
  return out;
}

/** AnyValue → JS: ints as number, bytes as Buffer, arrays and kvlists recursively. */
export function anyValue(v: Obj | undefined): unknown {
  if (!v) return null;
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return Number(v.doubleValue);
  if ('arrayValue' in v) return (v.arrayValue?.values ?? []).map(anyValue);
  if ('kvlistValue' in v) return attrs(v.kvlistValue?.values);
  if ('bytesValue' in v) return typeof v.bytesValue === 'string' ? Buffer.from(v.bytesValue, 'base64') : Buffer.from(v.bytesValue);
  return null;
}

function span(s: Obj, resource: SinkResource, scope: SinkScope): SinkSpan {
  return {
    resource,
    scope,
    traceId: id(s.traceId),
    spanId: id(s.spanId),
    parentSpanId: id(s.parentSpanId),
    traceState: s.traceState ?? '',
    flags: Number(s.flags ?? 0),
    name: s.name ?? '',
    kind: Number(s.kind ?? 0),
    startTimeUnixNano: ns(s.startTimeUnixNano),
    endTimeUnixNano: ns(s.endTimeUnixNano),
    attributes: attrs(s.attributes),
    droppedAttributesCount: Number(s.droppedAttributesCount ?? 0),
    events: (s.events ?? []).map((e: Obj) => ({
      timeUnixNano: ns(e.timeUnixNano),
      name: e.name ?? '',
      attributes: attrs(e.attributes),
      droppedAttributesCount: Number(e.droppedAttributesCount ?? 0),
    })),
    droppedEventsCount: Number(s.droppedEventsCount ?? 0),
    links: (s.links ?? []).map((l: Obj) => ({
      traceId: id(l.traceId),
      spanId: id(l.spanId),
      traceState: l.traceState ?? '',
      attributes: attrs(l.attributes),
      flags: Number(l.flags ?? 0),
    })),
    droppedLinksCount: Number(s.droppedLinksCount ?? 0),
    status: { code: Number(s.status?.code ?? 0), message: s.status?.message ?? '' },
  };
}

function log(l: Obj, resource: SinkResource, scope: SinkScope): SinkLog {
  const sev = Number(l.severityNumber ?? 0);
  if (sev < 0 || sev > SEVERITY_NUMBERS) throw new Error(`severity_number ${sev} out of range`);
  return {
    resource,
    scope,
    timeUnixNano: ns(l.timeUnixNano),
    observedTimeUnixNano: ns(l.observedTimeUnixNano),
    severityNumber: sev,
    severityText: l.severityText ?? '',
    body: l.body === undefined ? undefined : anyValue(l.body),
    attributes: attrs(l.attributes),
    droppedAttributesCount: Number(l.droppedAttributesCount ?? 0),
    flags: Number(l.flags ?? 0),
    traceId: id(l.traceId),
    spanId: id(l.spanId),
    eventName: l.eventName ?? '',
  };
}
