import { EVENTS_TABLES_SQL } from '@omotenashi/events';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BookingFoundation1764300000000 implements MigrationInterface {
  name = 'BookingFoundation1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public');
    await db.query(`
      CREATE TABLE customers (
        id uuid PRIMARY KEY,
        business_id uuid NOT NULL,
        user_id uuid,
        email text NOT NULL,
        name text NOT NULL,
        name_kana text,
        phone text,
        locale text NOT NULL DEFAULT 'ja',
        notes text,
        visit_count int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    // One customer record per business and email.
    await db.query(`CREATE UNIQUE INDEX uq_customers_business_email ON customers (business_id, lower(email)) WHERE deleted_at IS NULL`);
    await db.query(`CREATE INDEX idx_customers_business ON customers (business_id, deleted_at) WHERE deleted_at IS NULL`);
    await db.query(`CREATE INDEX idx_customers_user ON customers (user_id) WHERE deleted_at IS NULL`);
    await db.query(`CREATE INDEX idx_customers_email ON customers (email) WHERE deleted_at IS NULL`);
    await db.query(`
      CREATE TABLE bookings (
        id uuid PRIMARY KEY,
        business_id uuid NOT NULL,
        service_id uuid NOT NULL,
        customer_id uuid NOT NULL REFERENCES customers (id),
        staff_id uuid,
        resource_id uuid,
        status text NOT NULL CHECK (status IN ('held', 'pending_approval', 'confirmed', 'cancelled', 'expired', 'completed', 'no_show')),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
        booking_date date NOT NULL,
        party_size int NOT NULL DEFAULT 1 CHECK (party_size > 0),
        price_amount bigint NOT NULL CHECK (price_amount >= 0),
        currency char(3) NOT NULL,
        policy_snapshot jsonb NOT NULL,
        hold_expires_at timestamptz,
        notes text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    // The seed's booking indexes, partial on live rows.
    await db.query(`CREATE INDEX idx_bookings_business_date ON bookings (business_id, booking_date) WHERE deleted_at IS NULL`);
    await db.query(`CREATE INDEX idx_bookings_customer ON bookings (customer_id) WHERE deleted_at IS NULL`);
    await db.query(`CREATE INDEX idx_bookings_status ON bookings (status, created_at) WHERE deleted_at IS NULL`);
    await db.query(`CREATE INDEX idx_bookings_service ON bookings (service_id) WHERE deleted_at IS NULL`);
    await db.query(`CREATE INDEX idx_bookings_resource ON bookings (resource_id) WHERE deleted_at IS NULL`);
    // What a booking occupies: the service itself (one-to-one), staff and resources, each over the booked
    // time plus buffers. The exclusion constraint makes two active exclusive allocations of one subject
    // overlap impossible, whatever the race.
    await db.query(`
      CREATE TABLE booking_allocations (
        id uuid PRIMARY KEY,
        business_id uuid NOT NULL,
        booking_id uuid NOT NULL REFERENCES bookings (id),
        subject_kind text NOT NULL CHECK (subject_kind IN ('service', 'staff', 'resource')),
        subject_id uuid NOT NULL,
        period tstzrange NOT NULL CHECK (NOT isempty(period)),
        exclusive boolean NOT NULL DEFAULT true,
        active boolean NOT NULL DEFAULT true,
        CONSTRAINT no_overlapping_allocations EXCLUDE USING gist (
          business_id WITH =, subject_id WITH =, period WITH &&
        ) WHERE (active AND exclusive)
      )`);
    await db.query(`CREATE INDEX idx_allocations_booking ON booking_allocations (booking_id)`);
    await db.query(`CREATE INDEX idx_allocations_subject_period ON booking_allocations USING gist (business_id, subject_id, period) WHERE active`);
    await db.query(EVENTS_TABLES_SQL);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE booking_allocations');
    await db.query('DROP TABLE bookings');
    await db.query('DROP TABLE customers');
  }
}
