// Loads the compiled infrastructure discovery (libraries/infra) for the plain-JS scripts.
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT } from './prepare.mjs';

const require = createRequire(import.meta.url);

function loadInfraLibrary() {
  try {
    return require(path.join(ROOT, 'libraries', 'infra', 'dist'));
  } catch (error) {
    if (error.code !== 'MODULE_NOT_FOUND') throw error;
    throw new Error('libraries/infra is not built: run `npm run build`');
  }
}

/** DATABASE_URL / REDIS_URL / NATS_URL, else local default ports, else private instances under .data/. */
export async function discover(options = {}) {
  const { discoverInfrastructure } = loadInfraLibrary();
  return discoverInfrastructure({ log: (line) => console.log(`infra: ${line}`), ...options });
}
