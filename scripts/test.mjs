// `npm test [-- jest args]`: install and build when needed, then run Jest (its global setup finds or
// starts Postgres, Redis and NATS) and exit with Jest's code.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import path from 'node:path';
import { prepare, ROOT } from './lib/prepare.mjs';

try {
  prepare();
} catch (error) {
  console.error(`npm test: ${error.message}`);
  process.exit(error.interrupted ? 130 : 1);
}

const jest = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
});
// Jest shares our process group, so a terminal Ctrl-C reaches it directly; a SIGTERM sent only to us is passed on.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => jest.kill(signal));
jest.once('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 1)));
