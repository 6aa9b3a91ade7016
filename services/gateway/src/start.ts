import { createLogger } from '@omotenashi/logging';
import { runService } from '@omotenashi/runtime';
import { startGateway } from './app';
import { loadGatewayConfig } from './config';
import { migrateIdentitySchema } from './data-access/migrate';

// `node dist/start.js server` serves the public API; `node dist/start.js migrate` brings `identity` up to date.
void runService({
  service: 'gateway',
  loadConfig: loadGatewayConfig,
  // The gateway serves /metrics, /healthz and /readyz on its own port.
  probeServer: false,
  roles: {
    server: async () => {
      const config = loadGatewayConfig();
      const running = await startGateway(config, createLogger('gateway-server', { level: config.LOG_LEVEL }));
      running.app.log.info({ url: running.url }, 'gateway listening');
      return { ready: running.ready, stop: running.stop };
    },
    migrate: () => migrateIdentitySchema(loadGatewayConfig()),
  },
});
