import { runService } from '@omotenashi/runtime';
import { migrateBooking, startBookingServer, startBookingWorker } from './app';
import { loadBookingConfig } from './config';

void runService({
  service: 'booking',
  loadConfig: () => loadBookingConfig(),
  roles: { server: startBookingServer, worker: startBookingWorker, migrate: migrateBooking },
});
