// Runs each service's `migrate` role, one after another, in the order of SERVICES.
import path from 'node:path';
import { warn } from './output.mjs';
import { isBuilt, SERVICES, SERVICES_DIR, startScript } from './services.mjs';

/** @param {import('./supervisor.mjs').Supervisor} supervisor */
export async function runMigrations(supervisor, env) {
  for (const { name } of SERVICES) {
    if (supervisor.stopping) return;
    if (!isBuilt(name)) {
      warn(`skipping ${name}: ${path.relative(process.cwd(), startScript(name))} does not exist (not built yet?)`);
      continue;
    }
    const tag = `[${name}:migrate]`;
    const code = await supervisor.run({ tag, group: name, script: startScript(name), args: ['migrate'], cwd: path.join(SERVICES_DIR, name), env, expectExit: true });
    if (code !== 0 && !supervisor.stopping) throw new Error(`${tag} failed with exit code ${code}`);
  }
}
