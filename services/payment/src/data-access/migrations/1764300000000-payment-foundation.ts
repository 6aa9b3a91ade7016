import { EVENTS_TABLES_SQL } from '@omotenashi/events';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The payment schema's event plumbing; booking_payments and refunds arrive with the payment issue. */
export class PaymentFoundation1764300000000 implements MigrationInterface {
  name = 'PaymentFoundation1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(EVENTS_TABLES_SQL);
  }

  async down(): Promise<void> {}
}
