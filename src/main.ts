import { main } from './cli';

main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
    // Exit explicitly: open sockets of half-closed clients must not keep a stopped sidecar alive.
    setImmediate(() => process.exit(code));
  },
  (err) => {
    process.stderr.write(`dd-otel-bridge: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
