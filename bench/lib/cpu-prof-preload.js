'use strict';
// Loaded into the sidecar with NODE_OPTIONS=--require (which refuses --cpu-prof): starts the V8
// sampling profiler at once and writes a .cpuprofile into BENCH_CPU_PROF_DIR when the process exits.
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  // Same-thread inspector sessions answer synchronously, so this works inside 'exit'.
  process.on('exit', () => {
    session.post('Profiler.stop', (err, res) => {
      if (!err) fs.writeFileSync(path.join(dir, `sidecar-${process.pid}.cpuprofile`), JSON.stringify(res.profile));
    });
  });
}
