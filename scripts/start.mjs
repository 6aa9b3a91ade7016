// `npm start`: install and build when needed, find or start Postgres/Redis/NATS, migrate, run every
// service role and the gateway as tagged child processes, and wait until the gateway says it is ready.
import path from 'node:path';
import { describeDemo, seedDemoWhenEmpty } from './lib/demo-seed.mjs';
import { createLifecycle } from './lib/lifecycle.mjs';
import { runMigrations } from './lib/migrations.mjs';
import { warn } from './lib/output.mjs';
import { prepare } from './lib/prepare.mjs';
import { notReady, waitFor200 } from './lib/readiness.mjs';
import { dialable, gatewayAddress, isBuilt, processEnv, processPlan, SERVICES_DIR, sharedEnv, startScript } from './lib/services.mjs';

const READY_TIMEOUT_MS = 60_000;
const KILL_TIMEOUT_MS = Math.max(10_000, Number(process.env.SHUTDOWN_TIMEOUT_MS || 8_000) + 2_000);

const life = createLifecycle({ killTimeoutMs: KILL_TIMEOUT_MS });

async function main() {
  prepare();
  const infra = await life.discover();
  const shared = sharedEnv(infra);
  await runMigrations(life.supervisor, { ...shared, METRICS_PORT: '0' });
  const plan = processPlan().filter((planned) => isBuilt(planned.service));
  if (plan.length === 0) throw new Error('nothing to start: no services/*/dist/start.js was found');
  if (life.stopping) return;
  for (const planned of plan) {
    void life.supervisor.run({
      tag: planned.tag,
      group: planned.service,
      script: startScript(planned.service),
      args: [planned.role],
      cwd: path.join(SERVICES_DIR, planned.service),
      env: processEnv(shared, planned),
      expectExit: false,
    });
  }
  const gateway = gatewayAddress();
  if (!plan.some((planned) => planned.service === 'gateway')) {
    warn('the gateway is not built, so there is no URL to wait for; services are running (Ctrl-C to stop)');
    return;
  }
  console.log(`waiting for ${gateway.url}/readyz …`);
  const ready = await waitFor200(`${gateway.url}/readyz`, READY_TIMEOUT_MS, () => life.stopping);
  if (life.stopping) return;
  if (!ready) {
    const lagging = await notReady(plan, dialable(shared.METRICS_HOST));
    warn(`not ready after ${READY_TIMEOUT_MS / 1000} s: ${lagging.join(', ') || 'the gateway reports a downstream as unhealthy'}; still running, see the logs above`);
  }
  const demo = ready ? await seedDemo(gateway.url) : [];
  if (life.stopping) return;
  console.log(
    [
      '',
      `Omotenashi Connect ${ready ? 'is ready' : 'is running'}:`,
      `  API      ${gateway.url}`,
      `  docs     ${gateway.url}/docs`,
      `  metrics  ${gateway.url}/metrics`,
      ...demo,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

/** DESIGN §9: an empty database gets a demo business to try (SEED_DEMO=false skips it; never in production). */
async function seedDemo(url) {
  if (process.env.SEED_DEMO === 'false' || process.env.NODE_ENV === 'production') return [];
  try {
    return describeDemo(await seedDemoWhenEmpty(url), url);
  } catch (error) {
    warn(`the demo business was not seeded: ${error.message}`);
    return [];
  }
}

main().catch((error) => life.fail(error, 'npm start'));
