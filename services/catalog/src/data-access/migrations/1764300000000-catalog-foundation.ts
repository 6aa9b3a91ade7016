import { EVENTS_TABLES_SQL } from '@omotenashi/events';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CatalogFoundation1764300000000 implements MigrationInterface {
  name = 'CatalogFoundation1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE businesses (
        id uuid PRIMARY KEY,
        slug text NOT NULL,
        display_name_ja text NOT NULL DEFAULT '',
        display_name_en text NOT NULL DEFAULT '',
        category text NOT NULL,
        timezone text NOT NULL DEFAULT 'Asia/Tokyo',
        currency char(3) NOT NULL DEFAULT 'JPY',
        policy jsonb NOT NULL DEFAULT '{}',
        owner_user_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_businesses_slug ON businesses (slug) WHERE deleted_at IS NULL`);
    await db.query(`CREATE INDEX idx_businesses_category ON businesses (category) WHERE deleted_at IS NULL`);
    await db.query(`
      CREATE TABLE services (
        id uuid PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES businesses (id),
        name_ja text NOT NULL DEFAULT '',
        name_en text NOT NULL DEFAULT '',
        category text NOT NULL,
        duration_minutes int NOT NULL CHECK (duration_minutes > 0),
        buffer_before_minutes int NOT NULL DEFAULT 0 CHECK (buffer_before_minutes >= 0),
        buffer_after_minutes int NOT NULL DEFAULT 0 CHECK (buffer_after_minutes >= 0),
        price_amount bigint NOT NULL CHECK (price_amount >= 0),
        currency char(3) NOT NULL,
        capacity int NOT NULL DEFAULT 1 CHECK (capacity > 0),
        prepayment text NOT NULL DEFAULT 'none' CHECK (prepayment IN ('none', 'deposit', 'full')),
        deposit_amount bigint NOT NULL DEFAULT 0 CHECK (deposit_amount >= 0),
        is_active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    // The seed's service indexes, partial on live rows.
    await db.query(`CREATE INDEX idx_services_business ON services (business_id, is_active) WHERE deleted_at IS NULL`);
    await db.query(`CREATE INDEX idx_services_category ON services (category) WHERE deleted_at IS NULL`);
    await db.query(EVENTS_TABLES_SQL);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE services');
    await db.query('DROP TABLE businesses');
  }
}
