// BENCH_CPU_PROF (on unless 0): every platform process runs V8's sampling profiler from its start (preloaded by
// bench/cpu-profile-preload.cjs, written when the process exits at teardown), and this summarizes each: CPU time by where the code
// lives (a package in node_modules, the platform's own code, Node's internals, GC) and the hottest
// functions by self time. The profiles cover the whole run, every scenario together.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PRELOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cpu-profile-preload.cjs');

/** The environment that makes the platform's processes write profiles into `dir`. */
export const profilingEnv = (dir, nodeOptions) => ({
  NODE_OPTIONS: [nodeOptions, `--require "${PRELOAD}"`].filter(Boolean).join(' '),
  BENCH_CPU_PROF_DIR: dir,
});

/** `node_modules/@grpc/grpc-js/…` → `@grpc/grpc-js`; the platform's files by workspace; Node's own. */
function areaOf(url, functionName) {
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)' || functionName === '(program)') return functionName;
  if (!url) return '(native / V8)';
  if (url.startsWith('node:')) return 'node internals';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const own = /\/(services|libraries)\/([^/]+)\//.exec(url);
  return own ? `${own[1]}/${own[2]} (ours)` : path.basename(url);
}

const INTERNAL = new Set(['node internals', '(native / V8)']);

/**
 * One process's .cpuprofile(s) (a profile, or the segments SIGUSR2 cut it into): self time by function,
 * and time by area where Node's internals and native code count for the nearest caller that is a
 * package or our code (a `writev` under pino counts for pino).
 */
export function summarizeProfile(profileOrSegments) {
  const segments = Array.isArray(profileOrSegments) ? profileOrSegments : [profileOrSegments];
  const areas = new Map();
  const functions = new Map();
  let busyUs = 0;
  let wallUs = 0;
  for (const profile of segments) {
    wallUs += profile.endTime - profile.startTime;
    busyUs += addProfile(profile, areas, functions);
  }
  const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, us]) => ({ name, ms: us / 1000, share: busyUs ? us / busyUs : 0 }));
  return { busyMs: busyUs / 1000, wallMs: wallUs / 1000, areas: top(areas, 10), functions: top(functions, 10) };
}

/** Adds one profile's busy time to `areas` and `functions` (µs by name); returns its busy µs. */
function addProfile(profile, areas, functions) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i++) selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const callerArea = (id) => {
    for (let at = id; at !== undefined; at = parentOf.get(at)) {
      const { url, functionName } = byId.get(at).callFrame;
      const area = areaOf(url, functionName);
      if (!INTERNAL.has(area)) return area;
    }
    return 'node internals';
  };
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const { callFrame } = byId.get(id);
    if (areaOf(callFrame.url, callFrame.functionName) === '(idle)') continue;
    busyUs += us;
    const area = callerArea(id);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const where = callFrame.url ? `${callFrame.url.replace(/^.*\/(node_modules|services|libraries)\//, '$1/')}:${callFrame.lineNumber + 1}` : '';
    const key = `${callFrame.functionName || '(anonymous)'} ${where}`.trim();
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  return busyUs;
}

/**
 * Summaries of the profiles in `dir` whose pid is labelled in `labels` (pid → `gateway:server` …): the
 * whole run's (every segment CPU.<pid>.<n>.cpuprofile cut by SIGUSR2, and CPU.<pid>.cpuprofile written
 * at exit), or only segment `segment` of each process (one scenario's).
 */
export function summarizeProfiles(dir, labels, segment) {
  if (!existsSync(dir)) return [];
  const files = new Map(); // pid → its files
  for (const file of readdirSync(dir)) {
    const match = /^CPU\.(\d+)\.(?:(\d+)\.)?cpuprofile$/.exec(file);
    if (!match || (segment !== undefined && Number(match[2]) !== segment)) continue;
    const pid = Number(match[1]);
    files.set(pid, [...(files.get(pid) ?? []), path.join(dir, file)]);
  }
  const out = [];
  for (const [pid, paths] of files) {
    const label = labels.get(pid);
    if (!label) continue;
    out.push({ label, pid, files: paths, ...summarizeProfile(paths.map((file) => JSON.parse(readFileSync(file, 'utf8')))) });
  }
  return out.sort((a, b) => b.busyMs - a.busyMs);
}
