import { runService } from '@omotenashi/runtime';
import { migratePayment, startPaymentServer, startPaymentWorker } from './app';
import { loadPaymentConfig } from './config';

void runService({
  service: 'payment',
  loadConfig: () => loadPaymentConfig(),
  roles: { server: startPaymentServer, worker: startPaymentWorker, migrate: migratePayment },
});
