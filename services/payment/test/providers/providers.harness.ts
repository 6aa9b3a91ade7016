import { createServiceDataSource, migrateServiceSchema } from '@omotenashi/db';
import { createLogger } from '@omotenashi/logging';
import { createTestInfra, type TestInfra } from '@omotenashi/testkit';
import type { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { PROVIDER_MIGRATIONS, SandboxProvider, type CreateIntentInput, type SandboxSettings } from '../../src/providers';

export const silentLogger = createLogger('payment-providers-test', { level: process.env.TEST_LOG_LEVEL ?? 'silent' });
export const SANDBOX_SECRET = 'whsec_sandbox_test_secret';

export interface SandboxHarness {
  infra: TestInfra;
  db: DataSource;
  provider(settings?: Partial<SandboxSettings>): SandboxProvider;
  close(): Promise<void>;
}

/** Its own database, the payment schema migrated with the sandbox tables, and a DataSource as the payment role. */
export async function startSandboxHarness(label: string): Promise<SandboxHarness> {
  const infra = await createTestInfra(label);
  await migrateServiceSchema({ url: infra.databaseUrl, schema: 'payment', environment: 'test', migrations: PROVIDER_MIGRATIONS });
  const db = await createServiceDataSource({ url: infra.databaseUrl, schema: 'payment', environment: 'test', poolMax: 8 }).initialize();
  return {
    infra,
    db,
    provider: (settings = {}) => new SandboxProvider(db, { webhookSecret: SANDBOX_SECRET, webhookToleranceSeconds: 300, ...settings }),
    async close() {
      await db.destroy();
      await infra.cleanup();
    },
  };
}

export function intentInput(overrides: Partial<CreateIntentInput> = {}): CreateIntentInput {
  return {
    idempotencyKey: `create-${randomUUID()}`,
    amount: 5000,
    currency: 'JPY',
    captureMethod: 'automatic',
    metadata: { payment_id: randomUUID(), booking_id: randomUUID(), business_id: randomUUID() },
    ...overrides,
  };
}

export interface QueuedEvent {
  id: string;
  event_type: string;
  body: string;
}

export async function eventsFor(db: DataSource, intentId: string): Promise<QueuedEvent[]> {
  return db.query('SELECT id, event_type, body FROM sandbox_webhook_deliveries WHERE intent_id = $1 ORDER BY seq', [intentId]);
}
