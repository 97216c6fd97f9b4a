'use strict';
// Loaded into a profiled process with NODE_OPTIONS=--require (which refuses --cpu-prof): starts the V8
// sampling profiler at once and writes a .cpuprofile into BENCH_CPU_PROF_DIR when the process exits.
// With BENCH_ALLOC_PROF=1 it also samples allocations (objects the GC already freed included) into a
// .heapprofile, and counts garbage collections by kind into a .gc.json. With BENCH_PROF_ON_SIGNAL=1 all
// of it starts at the first SIGUSR2 instead, so a warm-up can be left out.
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');
const { PerformanceObserver, constants } = require('node:perf_hooks');

const dir = process.env.BENCH_CPU_PROF_DIR;
function begin() {
  const alloc = process.env.BENCH_ALLOC_PROF === '1';
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  const gc = { minor: 0, major: 0, incremental: 0, weakcb: 0, ms: 0 };
  if (alloc) {
    session.post('HeapProfiler.enable');
    session.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    const kinds = { [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor', [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb' };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        gc[kinds[e.detail.kind]]++;
        gc.ms += e.duration;
      }
    }).observe({ entryTypes: ['gc'] });
  }
  // Same-thread inspector sessions answer synchronously, so this works inside 'exit'.
  process.on('exit', () => {
    const base = path.join(dir, `${path.basename(process.argv[1] || 'node')}-${process.pid}`);
    session.post('Profiler.stop', (err, res) => {
      if (!err) fs.writeFileSync(`${base}.cpuprofile`, JSON.stringify(res.profile));
    });
    if (alloc) {
      session.post('HeapProfiler.stopSampling', (err, res) => {
        if (!err) fs.writeFileSync(`${base}.heapprofile`, JSON.stringify(res.profile));
      });
      fs.writeFileSync(`${base}.gc.json`, JSON.stringify(gc));
    }
  });
}

if (dir && process.env.BENCH_PROF_ON_SIGNAL === '1') process.once('SIGUSR2', begin);
else if (dir) begin();
