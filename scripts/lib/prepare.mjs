// Makes a checkout runnable: installs dependencies when node_modules is missing or stale, then builds.
// Plain Node with no dependencies, because it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const LOCK = path.join(ROOT, 'package-lock.json');
const MODULES = path.join(ROOT, 'node_modules');
const STAMP = path.join(MODULES, '.omotenashi-install-stamp');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const say = (line) => console.log(`prepare: ${line}`);

function lockHash() {
  return existsSync(LOCK) ? createHash('sha256').update(readFileSync(LOCK)).digest('hex') : 'no-lock';
}

/**
 * True when npm's own record of node_modules (node_modules/.package-lock.json, rewritten by every npm
 * install) is at least as new as package-lock.json: node_modules was installed after the lock last
 * changed, by something other than us (`npm install x -w y`, CI's `npm ci`), so there is nothing to do.
 */
function installedSinceLockChanged() {
  const installed = path.join(MODULES, '.package-lock.json');
  if (!existsSync(LOCK) || !existsSync(installed)) return false;
  const slackMs = 2_000; // npm writes the two files moments apart, in either order
  return statSync(installed).mtimeMs >= statSync(LOCK).mtimeMs - slackMs;
}

function run(args) {
  const result = spawnSync(NPM, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.error) throw new Error(`could not run npm (${result.error.message}): install Node.js 20+ with npm`);
  if (result.signal) throw Object.assign(new Error(`\`npm ${args[0]}\` was interrupted (${result.signal})`), { interrupted: true });
  if (result.status !== 0) throw new Error(`\`npm ${args.join(' ')}\` failed (exit code ${result.status})`);
}

export function installDependencies() {
  const hash = lockHash();
  const stamped = existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === hash;
  if (existsSync(MODULES) && (stamped || installedSinceLockChanged())) {
    if (!stamped) writeFileSync(STAMP, `${hash}\n`);
    say('dependencies up to date');
    return;
  }
  const command = existsSync(LOCK) ? ['ci'] : ['install'];
  say(`installing dependencies (npm ${command[0]}) …`);
  run([...command, '--no-audit', '--no-fund']);
  writeFileSync(STAMP, `${lockHash()}\n`);
}

export function build() {
  say('building (tsc -b, incremental) …');
  run(['run', '--silent', 'build']);
}

/** Install when needed, then build. Throws with a one-line message when a step fails. */
export function prepare() {
  installDependencies();
  build();
}
