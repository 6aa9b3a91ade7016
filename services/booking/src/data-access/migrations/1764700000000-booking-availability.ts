import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BookingAvailability1764700000000 implements MigrationInterface {
  name = 'BookingAvailability1764700000000';

  async up(db: QueryRunner): Promise<void> {
    // Availability reads every active allocation of a business overlapping a few days, whatever the subject.
    await db.query(`CREATE INDEX idx_allocations_business_period ON booking_allocations USING gist (business_id, period) WHERE active`);
    // A reschedule keeps the person the customer chose, but may hand an assigned booking to whoever is free.
    await db.query(`ALTER TABLE bookings ADD COLUMN staff_requested boolean NOT NULL DEFAULT false`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE bookings DROP COLUMN staff_requested');
    await db.query('DROP INDEX idx_allocations_business_period');
  }
}
