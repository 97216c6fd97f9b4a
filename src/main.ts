/** The process entry: runs the command line and is the only place that exits the process. */
// First, before the modules below allocate: the young generation's size is settled as the heap grows.
import { keepYoungGenerationSmall } from './util/young-generation';
import { raiseOldGenerationLimitInStorms } from './util/old-generation';
keepYoungGenerationSmall();
raiseOldGenerationLimitInStorms();
import { main } from './cli';
import { redact } from './util/redact';

main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
    // Exit explicitly: open sockets of half-closed clients must not keep a stopped sidecar alive.
    setImmediate(() => process.exit(code));
  },
  (err) => {
    process.stderr.write(redact(`dd-otel-bridge: ${err instanceof Error ? err.stack : String(err)}\n`));
    process.exit(1);
  },
);
