import { createLogger } from '@omotenashi/logging';
import type { RunningRole } from '@omotenashi/runtime';
import { createTestInfra, type TestInfra } from '@omotenashi/testkit';
import { createServer } from 'node:net';
import * as analytics from '../../services/analytics/src/app';
import { loadAnalyticsConfig } from '../../services/analytics/src/config';
import * as booking from '../../services/booking/src/app';
import { loadBookingConfig } from '../../services/booking/src/config';
import * as catalog from '../../services/catalog/src/app';
import { loadCatalogConfig } from '../../services/catalog/src/config';
import * as payment from '../../services/payment/src/app';
import { loadPaymentConfig } from '../../services/payment/src/config';

/** Every service role of the platform, in this process, on free ports, against one isolated test run. */
export interface TestPlatform {
  infra: TestInfra;
  env: Record<string, string>;
  stop(): Promise<void>;
}

const silent = (name: string) => createLogger(name, { level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/**
 * Ports handed out for servers that start later live below the kernel's ephemeral range (32768+ here):
 * a port the OS picked (listen on 0) and we released could meanwhile become the local end of any
 * outgoing connection — that race once failed a whole suite with EADDRINUSE. Each Jest worker takes its
 * own block of 1,000, so two workers never offer the same port.
 */
const RESERVED_BASE = 20_000;
const BLOCK = 1_000;
let nextOffset = 0;

function listensFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A port nobody listens on right now, for a server that starts later (the gateway, where sandbox webhooks go). */
export async function freePort(): Promise<number> {
  const worker = Math.max(1, Number(process.env.JEST_WORKER_ID) || 1);
  const blockStart = RESERVED_BASE + ((worker - 1) % 10) * BLOCK;
  for (let tries = 0; tries < BLOCK; tries++) {
    const port = blockStart + ((nextOffset + process.pid) % BLOCK);
    nextOffset++;
    if (await listensFree(port)) return port;
  }
  throw new Error(`no free port in ${blockStart}-${blockStart + BLOCK - 1}`);
}

export async function startPlatform(label: string, extraEnv: Record<string, string> = {}): Promise<TestPlatform> {
  const infra = await createTestInfra(label);
  const gatewayPort = extraEnv.PORT ?? String(await freePort());
  const base = {
    ...infra.env,
    GRPC_PORT: '0',
    // Eight roles share this process and one Postgres with the other test file Jest runs beside this
    // one (max_connections 100): small pools keep two whole platforms inside it. A test may ask for more.
    DB_POOL_MIN: '1',
    DB_POOL_MAX: '4',
    PORT: gatewayPort,
    PAYMENT_SANDBOX_WEBHOOK_URL: `http://127.0.0.1:${gatewayPort}/v1/payments/webhooks/sandbox`,
    ...extraEnv,
  };
  const roles: RunningRole[] = [];
  try {
    const catalogConfig = loadCatalogConfig(base);
    await catalog.migrateCatalog(catalogConfig);
    await booking.migrateBooking(loadBookingConfig(base));
    await payment.migratePayment(loadPaymentConfig(base));
    await analytics.migrateAnalytics(loadAnalyticsConfig(base));

    const catalogServer = await catalog.startCatalogServer(catalogConfig, silent('catalog-server'));
    roles.push(catalogServer, await catalog.startCatalogWorker(catalogConfig, silent('catalog-worker')));

    const bookingConfig = loadBookingConfig({ ...base, CATALOG_GRPC_URL: `127.0.0.1:${catalogServer.port}` });
    const bookingServer = await booking.startBookingServer(bookingConfig, silent('booking-server'));
    roles.push(bookingServer, await booking.startBookingWorker(bookingConfig, silent('booking-worker')));

    const paymentConfig = loadPaymentConfig({ ...base, BOOKING_GRPC_URL: `127.0.0.1:${bookingServer.port}` });
    const paymentServer = await payment.startPaymentServer(paymentConfig, silent('payment-server'));
    roles.push(paymentServer, await payment.startPaymentWorker(paymentConfig, silent('payment-worker')));

    const analyticsConfig = loadAnalyticsConfig(base);
    const analyticsServer = await analytics.startAnalyticsServer(analyticsConfig, silent('analytics-server'));
    roles.push(analyticsServer, await analytics.startAnalyticsWorker(analyticsConfig, silent('analytics-worker')));

    const env = {
      ...base,
      CATALOG_GRPC_URL: `127.0.0.1:${catalogServer.port}`,
      BOOKING_GRPC_URL: `127.0.0.1:${bookingServer.port}`,
      PAYMENT_GRPC_URL: `127.0.0.1:${paymentServer.port}`,
      ANALYTICS_GRPC_URL: `127.0.0.1:${analyticsServer.port}`,
    };
    return {
      infra,
      env,
      stop: async () => {
        for (const role of roles.reverse()) await role.stop();
        await infra.cleanup();
      },
    };
  } catch (error) {
    for (const role of roles.reverse()) await role.stop().catch(() => undefined);
    await infra.cleanup();
    throw error;
  }
}
