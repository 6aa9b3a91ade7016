import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payments, refunds, the webhook inbox, the saga's projection of bookings and the provider commands it
 * sends. Amounts are bigint minor units and never negative; statuses are closed sets.
 */
export class Payments1764810000000 implements MigrationInterface {
  name = 'Payments1764810000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE booking_payments (
        id                  uuid PRIMARY KEY,
        business_id         uuid NOT NULL,
        booking_id          uuid NOT NULL,
        provider            text NOT NULL CHECK (provider IN ('sandbox', 'stripe')),
        provider_payment_id text,
        kind                text NOT NULL CHECK (kind IN ('deposit', 'full')),
        amount              bigint NOT NULL CHECK (amount > 0),
        currency            text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        status              text NOT NULL CHECK (status IN ('requires_payment_method', 'requires_action', 'authorized', 'succeeded',
                              'failed', 'canceled', 'partially_refunded', 'refunded')),
        amount_refunded     bigint NOT NULL DEFAULT 0 CHECK (amount_refunded >= 0 AND amount_refunded <= amount),
        client_secret       text,
        next_action_url     text,
        failure_code        text,
        failure_message     text,
        attempt             integer NOT NULL CHECK (attempt >= 1),
        intent_lease_until  timestamptz,
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now(),
        authorized_at       timestamptz,
        succeeded_at        timestamptz,
        failed_at           timestamptz,
        canceled_at         timestamptz,
        refunded_at         timestamptz,
        UNIQUE (booking_id, attempt)
      )`);
    // The seed's three indexes.
    await db.query(`CREATE INDEX booking_payments_booking_idx ON booking_payments (business_id, booking_id, created_at DESC)`);
    await db.query(`CREATE INDEX booking_payments_status_created_idx ON booking_payments (status, created_at)`);
    await db.query(`CREATE INDEX booking_payments_provider_created_idx ON booking_payments (provider, created_at)`);
    await db.query(`CREATE UNIQUE INDEX booking_payments_provider_payment_idx ON booking_payments (provider, provider_payment_id)
                    WHERE provider_payment_id IS NOT NULL`);
    // At most one payment in progress per booking: two concurrent StartPayments cannot both open one.
    // A succeeded or refunded payment is not covered: a PSP may still report success for an attempt we
    // had recorded as failed, and that money must be recorded (and refunded) even if a retry succeeded too.
    await db.query(`CREATE UNIQUE INDEX booking_payments_one_open_idx ON booking_payments (booking_id)
                    WHERE status IN ('requires_payment_method', 'requires_action', 'authorized')`);

    await db.query(`
      CREATE TABLE payment_refunds (
        id                 uuid PRIMARY KEY,
        business_id        uuid NOT NULL,
        payment_id         uuid NOT NULL REFERENCES booking_payments (id),
        amount             bigint NOT NULL CHECK (amount > 0),
        currency           text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        status             text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
        reason             text NOT NULL CHECK (reason IN ('requested_by_business', 'booking_cancelled', 'booking_expired', 'late_payment',
                             'duplicate_payment')),
        idempotency_key    text NOT NULL UNIQUE,
        provider_refund_id text,
        note               text NOT NULL DEFAULT '',
        actor_id           text NOT NULL DEFAULT '',
        failure_message    text,
        created_at         timestamptz NOT NULL DEFAULT now(),
        succeeded_at       timestamptz,
        failed_at          timestamptz
      )`);
    await db.query(`CREATE INDEX payment_refunds_payment_idx ON payment_refunds (payment_id, created_at)`);
    await db.query(`CREATE UNIQUE INDEX payment_refunds_provider_idx ON payment_refunds (provider_refund_id) WHERE provider_refund_id IS NOT NULL`);
    // The saga refunds a payment automatically (expired, late, duplicate) at most once, whatever the trigger.
    await db.query(`CREATE UNIQUE INDEX payment_refunds_one_automatic_idx ON payment_refunds (payment_id)
                    WHERE reason IN ('booking_expired', 'late_payment', 'duplicate_payment')`);

    await db.query(`
      CREATE TABLE webhook_inbox (
        id                  uuid PRIMARY KEY,
        provider            text NOT NULL,
        event_id            text NOT NULL,
        event_type          text NOT NULL,
        provider_payment_id text NOT NULL DEFAULT '',
        event               jsonb NOT NULL,
        payload             bytea NOT NULL,
        received_at         timestamptz NOT NULL DEFAULT now(),
        processed_at        timestamptz,
        attempts            integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at     timestamptz NOT NULL DEFAULT now(),
        parked_at           timestamptz,
        last_error          text,
        UNIQUE (provider, event_id)
      )`);
    await db.query(`CREATE INDEX webhook_inbox_pending_idx ON webhook_inbox (next_attempt_at) WHERE processed_at IS NULL AND parked_at IS NULL`);
    await db.query(`CREATE INDEX webhook_inbox_parked_idx ON webhook_inbox (parked_at) WHERE parked_at IS NOT NULL`);

    await db.query(`
      CREATE TABLE booking_states (
        booking_id       uuid PRIMARY KEY,
        business_id      uuid NOT NULL,
        status           text NOT NULL CHECK (status IN ('held', 'pending_approval', 'confirmed', 'expired', 'cancelled')),
        known            boolean NOT NULL DEFAULT false,
        previous_status  text,
        payment_id       uuid,
        price_amount     bigint NOT NULL DEFAULT 0 CHECK (price_amount >= 0),
        currency         text NOT NULL DEFAULT '',
        prepayment       text NOT NULL DEFAULT 'none' CHECK (prepayment IN ('none', 'deposit', 'full')),
        deposit_amount   bigint NOT NULL DEFAULT 0 CHECK (deposit_amount >= 0),
        refund_amount    bigint CHECK (refund_amount >= 0),
        hold_expires_at  timestamptz,
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE provider_commands (
        id               uuid PRIMARY KEY,
        business_id      uuid NOT NULL,
        payment_id       uuid NOT NULL REFERENCES booking_payments (id),
        refund_id        uuid REFERENCES payment_refunds (id),
        kind             text NOT NULL CHECK (kind IN ('capture', 'cancel', 'refund')),
        reason           text NOT NULL DEFAULT '',
        idempotency_key  text NOT NULL UNIQUE,
        status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed', 'parked')),
        attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at  timestamptz NOT NULL DEFAULT now(),
        locked_until     timestamptz,
        last_error       text,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'refund') = (refund_id IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX provider_commands_pending_idx ON provider_commands (next_attempt_at) WHERE status = 'pending'`);
    await db.query(`CREATE INDEX provider_commands_payment_idx ON provider_commands (payment_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE IF EXISTS provider_commands, booking_states, webhook_inbox, payment_refunds, booking_payments');
  }
}
