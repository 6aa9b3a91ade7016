// Finds (or starts) Postgres, Redis and NATS once per Jest run and hands their URLs to the test workers
// through the environment. `npm test` builds first, so the compiled libraries are there.
const path = require('node:path');

const root = path.resolve(__dirname, '..');

/** An error Jest prints as its message alone: the message already says what to do. */
const oneLine = (message) => Object.assign(new Error(message), { stack: message });

function requireBuilt(library) {
  const dist = path.join(root, 'libraries', library, 'dist');
  try {
    return require(dist);
  } catch (error) {
    if (error.code !== 'MODULE_NOT_FOUND' || !error.message.includes(dist)) throw error;
    throw oneLine(`libraries/${library} is not built: run \`npm run build\` (or use \`npm test\`, which builds first)`);
  }
}

module.exports = async () => {
  const { discoverInfrastructure } = requireBuilt('infra');
  const { sweepStaleRuns } = requireBuilt('testkit');
  const infra = await discoverInfrastructure({ database: 'postgres' }).catch((error) => {
    throw oneLine(error.message); // says what to install or which variable to set
  });
  process.env.DATABASE_URL = infra.databaseUrl;
  process.env.REDIS_URL = infra.redisUrl;
  process.env.NATS_URL = infra.natsUrl;
  const { postgres, redis, nats } = infra.sources;
  console.log(`\ninfra: postgres ${postgres}, redis ${redis}, nats ${nats}`);
  globalThis.__OMOTENASHI_INFRA__ = infra;
  await sweepStaleRuns().catch(async (error) => {
    await infra.stop(); // Jest skips the teardown when the setup fails
    throw error;
  });
};
