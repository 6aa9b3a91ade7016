// The availability engine alone: compiles services/booking/test/availability/engine-speed.bench.ts the
// way its header says (tsc into a temp dir) and returns what it prints.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const find = (dir, name) => {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      const found = find(full, name);
      if (found) return found;
    } else if (entry === name) return full;
  }
  return undefined;
};

export function runEngineBench(root) {
  const source = path.join(root, 'services/booking/test/availability/engine-speed.bench.ts');
  const out = mkdtempSync(path.join(os.tmpdir(), 'availability-bench-'));
  try {
    const tsc = spawnSync(
      process.execPath,
      [path.join(root, 'node_modules/typescript/bin/tsc'), '--outDir', out, '--module', 'commonjs', '--moduleResolution', 'node', '--target', 'es2022', '--types', 'node', source],
      { cwd: root, encoding: 'utf8' },
    );
    if (tsc.status !== 0) return { ok: false, output: `tsc failed: ${(tsc.stdout + tsc.stderr).trim().split('\n').slice(0, 5).join('\n')}` };
    const script = find(out, 'engine-speed.bench.js');
    if (!script) return { ok: false, output: 'compiled, but engine-speed.bench.js was not found' };
    const run = spawnSync(process.execPath, [script], { cwd: root, encoding: 'utf8' });
    return { ok: run.status === 0, output: (run.stdout + run.stderr).trim() };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
