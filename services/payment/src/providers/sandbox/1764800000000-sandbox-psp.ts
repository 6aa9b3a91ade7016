import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The built-in sandbox PSP's own tables, as a PSP's database would hold them. They live in the payment
 * schema but belong to the provider: the payment use cases never read them, only the provider does.
 */
export class SandboxPsp1764800000000 implements MigrationInterface {
  name = 'SandboxPsp1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE sandbox_intents (
        id text PRIMARY KEY,
        client_secret text NOT NULL,
        idempotency_key text NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        currency text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
        capture_method text NOT NULL CHECK (capture_method IN ('automatic', 'manual')),
        status text NOT NULL CHECK (status IN ('requires_payment_method', 'requires_confirmation', 'requires_action',
          'processing', 'requires_capture', 'succeeded', 'canceled')),
        description text,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        payment_method text,
        amount_capturable bigint NOT NULL DEFAULT 0,
        amount_received bigint NOT NULL DEFAULT 0,
        amount_refunded bigint NOT NULL DEFAULT 0 CHECK (amount_refunded >= 0),
        last_payment_error jsonb,
        cancellation_reason text,
        capture_idempotency_key text,
        cancel_idempotency_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        canceled_at timestamptz,
        CHECK (amount_refunded <= amount_received),
        CHECK (amount_received <= amount)
      )`);
    await db.query('CREATE UNIQUE INDEX uq_sandbox_intents_idempotency_key ON sandbox_intents (idempotency_key)');
    await db.query(`
      CREATE TABLE sandbox_refunds (
        id text PRIMARY KEY,
        intent_id text NOT NULL REFERENCES sandbox_intents (id),
        idempotency_key text NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        currency text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'canceled')),
        reason text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE UNIQUE INDEX uq_sandbox_refunds_idempotency_key ON sandbox_refunds (idempotency_key)');
    await db.query('CREATE INDEX idx_sandbox_refunds_intent ON sandbox_refunds (intent_id, created_at)');
    // One row per webhook event, written in the transaction of the change it reports; `seq` orders delivery.
    await db.query(`
      CREATE TABLE sandbox_webhook_deliveries (
        seq bigserial PRIMARY KEY,
        id text NOT NULL UNIQUE,
        intent_id text NOT NULL,
        event_type text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_status integer,
        last_error text,
        delivered_at timestamptz,
        abandoned_at timestamptz
      )`);
    await db.query(`
      CREATE INDEX idx_sandbox_webhook_deliveries_due ON sandbox_webhook_deliveries (next_attempt_at, seq)
        WHERE delivered_at IS NULL AND abandoned_at IS NULL`);
    await db.query('CREATE INDEX idx_sandbox_webhook_deliveries_intent ON sandbox_webhook_deliveries (intent_id, seq)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE sandbox_webhook_deliveries');
    await db.query('DROP TABLE sandbox_refunds');
    await db.query('DROP TABLE sandbox_intents');
  }
}
