/**
 * `npm run sink -- [--port 4318] [--status 200] [--retry-after 2] [--delay-ms 0] [--verbose]`:
 * a local OTLP/HTTP backend that prints what the bridge sends, decoded independently of it.
 * Point the otlp_http exporter at http://127.0.0.1:<port>.
 * `npm run sink -- --grpc [--port 4317] [--code 0] [--retry-delay-ms N]` is the OTLP/gRPC
 * backend for the otlp_grpc exporter (`endpoint: 127.0.0.1:<port>`, `tls: { insecure: true }`).
 */
import { OtlpSink, type RecordingSink } from './sink';
import { GrpcSink } from './sink-grpc';

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const grpc = process.argv.includes('--grpc');
  const port = Number(arg('port', grpc ? '4317' : '4318'));
  const verbose = process.argv.includes('--verbose');
  const delayMs = Number(arg('delay-ms', '0'));
  let sink: RecordingSink<unknown> & { close(): Promise<void> };
  let where: string;
  if (grpc) {
    const g = await GrpcSink.start({ port });
    const delay = arg('retry-delay-ms');
    g.respondAlways({ code: Number(arg('code', '0')), retryDelayMs: delay === undefined ? undefined : Number(delay), delayMs });
    sink = g as unknown as typeof sink;
    where = `OTLP/gRPC sink listening on ${g.endpoint}`;
  } else {
    const h = await OtlpSink.start({ port, host: arg('host', '127.0.0.1') });
    h.respondAlways({ status: Number(arg('status', '200')), retryAfter: arg('retry-after'), delayMs });
    sink = h as unknown as typeof sink;
    where = `OTLP sink listening on ${h.url} (POST /v1/traces, /v1/logs)`;
  }
  let seen = 0;
  const timer = setInterval(() => {
    for (const r of sink.requests.slice(seen)) {
      const items = r.signal === 'traces' ? r.spans.length : r.logs.length;
      const answer = r.grpcCode === undefined ? r.status : `gRPC ${r.grpcCode}`;
      const line = `${new Date(r.at).toISOString()} ${r.path} ${r.encoding}${r.gzip ? '+gzip' : ''} ${items} ${r.signal === 'traces' ? 'spans' : 'log records'} → ${answer}${r.error ? ` (${r.error})` : ''}`;
      process.stdout.write(line + '\n');
      if (verbose) process.stdout.write(JSON.stringify(r.signal === 'traces' ? r.spans : r.logs, (_k, v) => (v?.type === 'Buffer' ? Buffer.from(v.data).toString('base64') : v), 2) + '\n');
    }
    seen = sink.requests.length;
    // Keep the decoded requests from growing without bound in a long session.
    if (seen > 1000) {
      sink.requests.splice(0, seen);
      seen = 0;
    }
  }, 200);
  process.stdout.write(`${where}; Ctrl-C to stop\n`);
  const stop = async () => {
    clearInterval(timer);
    await sink.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  process.stderr.write(`sink: ${(err as Error).message}\n`);
  process.exit(1);
});
