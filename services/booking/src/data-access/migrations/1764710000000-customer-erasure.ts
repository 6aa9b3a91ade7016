import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CustomerErasure1764710000000 implements MigrationInterface {
  name = 'CustomerErasure1764710000000';

  async up(db: QueryRunner): Promise<void> {
    // name_kana, notes, user_id and visit_count came with the foundation; what a privacy erasure needs is when.
    await db.query('ALTER TABLE customers ADD COLUMN erased_at timestamptz');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE customers DROP COLUMN erased_at');
  }
}
