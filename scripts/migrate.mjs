// `npm run migrate`: install and build when needed, find or start Postgres/Redis/NATS, then run every
// service's `migrate` role in order and stop whatever private infrastructure this run started.
import { createLifecycle } from './lib/lifecycle.mjs';
import { runMigrations } from './lib/migrations.mjs';
import { prepare } from './lib/prepare.mjs';
import { sharedEnv } from './lib/services.mjs';

const life = createLifecycle({ killTimeoutMs: 30_000 });

async function main() {
  prepare();
  const infra = await life.discover();
  await runMigrations(life.supervisor, { ...sharedEnv(infra), METRICS_PORT: '0' });
  if (life.stopping) return;
  console.log('migrate: done');
  await life.shutdown(0);
}

main().catch((error) => life.fail(error, 'npm run migrate'));
