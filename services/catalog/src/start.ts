import { runService } from '@omotenashi/runtime';
import { migrateCatalog, startCatalogServer, startCatalogWorker } from './app';
import { loadCatalogConfig } from './config';

void runService({
  service: 'catalog',
  loadConfig: () => loadCatalogConfig(),
  roles: { server: startCatalogServer, worker: startCatalogWorker, migrate: migrateCatalog },
});
