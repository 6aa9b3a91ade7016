import { runService } from '@omotenashi/runtime';
import { migrateAnalytics, startAnalyticsServer, startAnalyticsWorker } from './app';
import { loadAnalyticsConfig } from './config';

void runService({
  service: 'analytics',
  loadConfig: () => loadAnalyticsConfig(),
  roles: { server: startAnalyticsServer, worker: startAnalyticsWorker, migrate: migrateAnalytics },
});
