/**
 * `npm run sink -- [--port 4318] [--status 200] [--retry-after 2] [--delay-ms 0] [--verbose]`:
 * a local OTLP/HTTP backend that prints what the bridge sends, decoded independently of it.
 * Point the otlp_http exporter at http://127.0.0.1:<port>.
 */
import { OtlpSink } from './sink';

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const port = Number(arg('port', '4318'));
  const verbose = process.argv.includes('--verbose');
  const sink = await OtlpSink.start({ port, host: arg('host', '127.0.0.1') });
  sink.respondAlways({ status: Number(arg('status', '200')), retryAfter: arg('retry-after'), delayMs: Number(arg('delay-ms', '0')) });
  let seen = 0;
  const timer = setInterval(() => {
    for (const r of sink.requests.slice(seen)) {
      const items = r.signal === 'traces' ? r.spans.length : r.logs.length;
      const line = `${new Date(r.at).toISOString()} ${r.path} ${r.encoding}${r.gzip ? '+gzip' : ''} ${items} ${r.signal === 'traces' ? 'spans' : 'log records'} → ${r.status}${r.error ? ` (${r.error})` : ''}`;
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
  process.stdout.write(`OTLP sink listening on ${sink.url} (POST /v1/traces, /v1/logs); Ctrl-C to stop\n`);
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
