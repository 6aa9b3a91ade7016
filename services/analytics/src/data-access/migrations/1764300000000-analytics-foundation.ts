import { EVENTS_TABLES_SQL } from '@omotenashi/events';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AnalyticsFoundation1764300000000 implements MigrationInterface {
  name = 'AnalyticsFoundation1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE analytics_daily (
        business_id uuid NOT NULL,
        date date NOT NULL,
        currency char(3) NOT NULL,
        bookings_created int NOT NULL DEFAULT 0,
        revenue_amount bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (business_id, date, currency)
      )`);
    // The seed's analytics indexes.
    await db.query('CREATE INDEX idx_analytics_business_date ON analytics_daily (business_id, date DESC)');
    await db.query('CREATE INDEX idx_analytics_date ON analytics_daily (date DESC)');
    await db.query(EVENTS_TABLES_SQL);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE analytics_daily');
  }
}
