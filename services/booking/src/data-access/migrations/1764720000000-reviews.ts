import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Reviews1764720000000 implements MigrationInterface {
  name = 'Reviews1764720000000';

  async up(db: QueryRunner): Promise<void> {
    // One review per booking, ever (the unique index also covers soft-deleted rows).
    await db.query(`
      CREATE TABLE reviews (
        id uuid PRIMARY KEY,
        business_id uuid NOT NULL,
        booking_id uuid NOT NULL REFERENCES bookings (id),
        customer_id uuid NOT NULL REFERENCES customers (id),
        service_id uuid NOT NULL,
        rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
        comment text NOT NULL DEFAULT '' CHECK (char_length(comment) <= 2000),
        author_kind text NOT NULL CHECK (author_kind IN ('guest', 'customer')),
        is_visible boolean NOT NULL DEFAULT true,
        reply text CHECK (char_length(reply) <= 2000),
        replied_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await db.query('CREATE UNIQUE INDEX uq_reviews_booking ON reviews (booking_id)');
    // The seed's review indexes, partial on live rows.
    await db.query('CREATE INDEX idx_reviews_business ON reviews (business_id, is_visible) WHERE deleted_at IS NULL');
    await db.query('CREATE INDEX idx_reviews_customer ON reviews (customer_id) WHERE deleted_at IS NULL');
    await db.query('CREATE INDEX idx_reviews_rating ON reviews (rating, created_at) WHERE deleted_at IS NULL');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE reviews');
  }
}
