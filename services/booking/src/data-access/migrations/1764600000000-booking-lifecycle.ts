import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BookingLifecycle1764600000000 implements MigrationInterface {
  name = 'BookingLifecycle1764600000000';

  async up(db: QueryRunner): Promise<void> {
    // The guest's manage token is stored as its sha256 only; the token itself is shown once.
    // A cancellation records who, why and what it cost, so a later refund reads what was decided.
    await db.query(`
      ALTER TABLE bookings
        ADD COLUMN manage_token_hash bytea CHECK (octet_length(manage_token_hash) = 32),
        ADD COLUMN cancelled_at timestamptz,
        ADD COLUMN cancelled_by text CHECK (cancelled_by IN ('business', 'guest', 'system')),
        ADD COLUMN cancellation_reason text,
        ADD COLUMN cancellation_fee_amount bigint CHECK (cancellation_fee_amount >= 0),
        ADD COLUMN refund_amount bigint CHECK (refund_amount >= 0),
        ADD COLUMN payment_id text,
        ADD COLUMN reschedule_count int NOT NULL DEFAULT 0`);
    // NOT VALID: enforced for every new write without scanning the table under a lock.
    await db.query(`
      ALTER TABLE bookings ADD CONSTRAINT bookings_cancellation_recorded
        CHECK (status <> 'cancelled' OR cancelled_at IS NOT NULL) NOT VALID`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE bookings DROP CONSTRAINT bookings_cancellation_recorded');
    await db.query(`
      ALTER TABLE bookings
        DROP COLUMN manage_token_hash, DROP COLUMN cancelled_at, DROP COLUMN cancelled_by, DROP COLUMN cancellation_reason,
        DROP COLUMN cancellation_fee_amount, DROP COLUMN refund_amount, DROP COLUMN payment_id, DROP COLUMN reschedule_count`);
  }
}
