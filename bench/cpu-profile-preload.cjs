// Preloaded into every platform process unless BENCH_CPU_PROF=0 (NODE_OPTIONS=--require …; Node refuses
// --cpu-prof there): starts V8's sampling profiler through the in-process inspector and writes the
// profile as <BENCH_CPU_PROF_DIR>/CPU.<pid>.cpuprofile when the process exits. The in-process session
// answers synchronously, so the 'exit' handler can still stop the profiler and write the file.
const { Session } = require('node:inspector');
const { mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const dir = process.env.BENCH_CPU_PROF_DIR;
// Only the services' processes (node services/<svc>/dist/start.js <role>), not tsc or the supervisor.
if (dir && /\/dist\/start\.js$/.test(process.argv[1] ?? '')) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  // V8 samples every 1 ms by default; its sampler thread wakes that often even in an idle process, which
  // cost ~8 % of a core per process (nine of them on two cores) on a slow machine. 10 ms still gives
  // ~1,000 samples a busy process over a 10 s scenario.
  session.post('Profiler.setSamplingInterval', { interval: Number(process.env.BENCH_CPU_PROF_INTERVAL_US) || 10_000 });
  session.post('Profiler.start');
  // SIGUSR2 cuts the profile: what was sampled so far is written as CPU.<pid>.<n>.cpuprofile and a new
  // profile starts, so a harness can profile one scenario alone (signal before and after it).
  let segment = 0;
  process.on('SIGUSR2', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, `CPU.${process.pid}.${segment++}.cpuprofile`), JSON.stringify(result.profile));
      }
      session.post('Profiler.start');
    });
  });
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `CPU.${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
