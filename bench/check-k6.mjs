// `node bench/check-k6.mjs [dir]` (default deploy/k6): k6 is not installed here, so this checks what can be checked without it,
// for every script under deploy/k6: it parses as an ES module (node --check); every import is a k6
// module or a fully specified relative path that exists (k6 resolves like a browser); every scenario's
// `exec` names an export; every script that runs scenarios uses the seed's thresholds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'deploy', 'k6'));
const SEED_THRESHOLDS = ["http_req_duration: ['p(95)<500', 'p(99)<1000']", "http_req_failed: ['rate<0.001']"];

const files = (dir) => readdirSync(dir).flatMap((name) => {
  const full = path.join(dir, name);
  return statSync(full).isDirectory() ? files(full) : name.endsWith('.js') ? [full] : [];
});

const problems = [];
const scripts = files(DIR);
for (const file of scripts) {
  const rel = path.relative(DIR, file);
  const source = readFileSync(file, 'utf8');
  const parsed = spawnSync(process.execPath, ['--input-type=module', '--check'], { input: source, encoding: 'utf8' });
  if (parsed.status !== 0) problems.push(`${rel}: does not parse as an ES module: ${parsed.stderr.trim().split('\n').slice(0, 3).join(' ')}`);
  for (const [, specifier] of source.matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)) {
    if (specifier === 'k6' || specifier.startsWith('k6/')) continue;
    if (!specifier.startsWith('./') && !specifier.startsWith('../')) problems.push(`${rel}: import "${specifier}" is neither a k6 module nor a relative path`);
    else if (!existsSync(path.resolve(path.dirname(file), specifier))) problems.push(`${rel}: import "${specifier}" does not exist (k6 needs the full file name)`);
  }
  if (path.dirname(file) !== DIR) continue;
  // A top-level script: options, setup, and an export for each scenario's exec.
  if (!/^export const options\b/m.test(source)) problems.push(`${rel}: exports no options`);
  if (!/^export const setup\b/m.test(source)) problems.push(`${rel}: exports no setup`);
  const execs = [...source.matchAll(/closedModel\('([^']+)'\)/g)].map((m) => m[1]);
  if (/Object\.entries\(MIX\)/.test(source)) execs.push(...[...source.slice(source.indexOf('const MIX')).split('};')[0].matchAll(/^\s+(\w+):/gm)].map((m) => m[1]));
  if (!execs.length) problems.push(`${rel}: names no scenario exec`);
  for (const exec of execs) if (!new RegExp(`^export (const|function) ${exec}\\b`, 'm').test(source)) problems.push(`${rel}: scenario exec "${exec}" is not exported`);
  if (!/THRESHOLDS|closedModel/.test(source)) problems.push(`${rel}: does not use the seed's thresholds (lib/config.js THRESHOLDS)`);
}
const config = readFileSync(path.join(DIR, 'lib', 'config.js'), 'utf8');
for (const threshold of SEED_THRESHOLDS) if (!config.includes(threshold)) problems.push(`lib/config.js: missing the seed's threshold ${threshold}`);

if (problems.length) {
  for (const problem of problems) console.error(`check-k6: ${problem}`);
  process.exit(1);
}
console.log(`check-k6: ${scripts.length} scripts under ${path.relative(process.cwd(), DIR) || '.'} parse as ES modules, resolve their imports, export their scenarios and use the seed's thresholds`);
