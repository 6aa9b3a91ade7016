// One orderly way down for start and migrate: on Ctrl-C, SIGTERM, SIGHUP, a failed step or a crashed
// child, stop the services first, then the private infrastructure this run started, then exit.
import { discover } from './infra.mjs';
import { Supervisor } from './supervisor.mjs';

export function createLifecycle({ killTimeoutMs }) {
  let infraPromise;
  let shuttingDown;

  const shutdown = (code) => {
    shuttingDown ??= (async () => {
      await supervisor.stopAll(killTimeoutMs);
      const infra = await infraPromise?.catch(() => undefined);
      await infra?.stop().catch((error) => console.error(`stopping infrastructure: ${error.message}`));
      if (supervisor.started > 0 || infra) console.log('stopped: every child process and the private infrastructure this run started');
      process.exit(code);
    })();
    return shuttingDown;
  };

  const supervisor = new Supervisor((tag, how) => {
    console.error(`${tag.trim()} exited unexpectedly (${how}); stopping everything`);
    void shutdown(1);
  });

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (!shuttingDown) console.log(`\n${signal} received: stopping …`);
      void shutdown(0);
    });
  }

  return {
    supervisor,
    shutdown,
    get stopping() {
      return shuttingDown !== undefined;
    },
    discover(options) {
      infraPromise = discover(options);
      return infraPromise;
    },
    /** For a failed step: one line on stderr (no stack for expected failures), then the orderly way down. */
    fail(error, label) {
      if (shuttingDown) return shuttingDown;
      console.error(`${label}: ${error.message}`);
      return shutdown(error.interrupted ? 130 : 1);
    },
  };
}
