import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Everything a business sets up before its first booking: profile fields, weekly hours, closures,
 * resources, staff (with schedules, time off and the services they perform), plus the seed's
 * partial indexes and the trigram indexes behind the ja/en name search.
 */
export class CatalogSetup1764400000000 implements MigrationInterface {
  name = 'CatalogSetup1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');
    await db.query(`
      ALTER TABLE businesses
        ADD COLUMN description_ja text NOT NULL DEFAULT '',
        ADD COLUMN description_en text NOT NULL DEFAULT '',
        ADD COLUMN address jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN settings jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN closed_on_national_holidays boolean NOT NULL DEFAULT false`);
    // Listing pages by id (UUIDv7: creation order); category pages by (category, id); search by trigram.
    await db.query(`DROP INDEX IF EXISTS idx_businesses_category`);
    await db.query(`CREATE INDEX idx_businesses_listing ON businesses (id) WHERE deleted_at IS NULL`);
    await db.query(`CREATE INDEX idx_businesses_category ON businesses (category, id) WHERE deleted_at IS NULL`);
    // Names change rarely and are searched often: no pending list (fastupdate) for searches to wade through.
    await db.query(`
      CREATE INDEX idx_businesses_names_trgm ON businesses
        USING gin (display_name_ja public.gin_trgm_ops, display_name_en public.gin_trgm_ops) WITH (fastupdate = off)
        WHERE deleted_at IS NULL`);

    await db.query(`
      ALTER TABLE services
        ADD COLUMN description_ja text NOT NULL DEFAULT '',
        ADD COLUMN description_en text NOT NULL DEFAULT '',
        ADD COLUMN resource_kinds text[] NOT NULL DEFAULT '{}'`);

    await db.query(`
      CREATE TABLE business_hours (
        business_id uuid NOT NULL REFERENCES businesses (id),
        weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        opens time NOT NULL,
        closes time NOT NULL,
        CHECK (closes > opens OR closes = '24:00'),
        PRIMARY KEY (business_id, weekday, opens)
      )`);

    await db.query(`
      CREATE TABLE closures (
        id uuid PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES businesses (id),
        from_date date NOT NULL,
        to_date date NOT NULL CHECK (to_date >= from_date),
        reason text NOT NULL DEFAULT '',
        opens time,
        closes time,
        CHECK ((opens IS NULL) = (closes IS NULL)),
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await db.query(`CREATE INDEX idx_closures_business ON closures (business_id, to_date) WHERE deleted_at IS NULL`);

    await db.query(`
      CREATE TABLE resources (
        id uuid PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES businesses (id),
        kind text NOT NULL,
        name_ja text NOT NULL DEFAULT '',
        name_en text NOT NULL DEFAULT '',
        capacity int NOT NULL DEFAULT 1 CHECK (capacity > 0),
        is_active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await db.query(`CREATE INDEX idx_resources_business ON resources (business_id, kind) WHERE deleted_at IS NULL`);

    await db.query(`
      CREATE TABLE staff_assignments (
        id uuid PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES businesses (id),
        user_id uuid,
        email text NOT NULL,
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('owner', 'manager', 'staff')),
        is_active boolean NOT NULL DEFAULT true,
        terminated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The seed's staff indexes. A person is on a business's staff at most once at a time. The unique
    // indexes are shaped to stay out of the seed's way: the user one applies only where user_id is set
    // (so business-wide reads use idx_staff_business) and leads with the business (so a person's
    // assignments use idx_staff_user); the email one leads with the email.
    await db.query(`CREATE INDEX idx_staff_business ON staff_assignments (business_id, is_active) WHERE terminated_at IS NULL`);
    await db.query(`CREATE INDEX idx_staff_user ON staff_assignments (user_id) WHERE terminated_at IS NULL`);
    await db.query(`CREATE UNIQUE INDEX uq_staff_business_user ON staff_assignments (business_id, user_id) WHERE terminated_at IS NULL AND user_id IS NOT NULL`);
    await db.query(`CREATE UNIQUE INDEX uq_staff_email_business ON staff_assignments (lower(email), business_id) WHERE terminated_at IS NULL`);

    await db.query(`
      CREATE TABLE staff_hours (
        staff_id uuid NOT NULL REFERENCES staff_assignments (id),
        business_id uuid NOT NULL REFERENCES businesses (id),
        weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        opens time NOT NULL,
        closes time NOT NULL,
        CHECK (closes > opens OR closes = '24:00'),
        PRIMARY KEY (staff_id, weekday, opens)
      )`);
    await db.query(`
      CREATE TABLE staff_time_off (
        id uuid PRIMARY KEY,
        staff_id uuid NOT NULL REFERENCES staff_assignments (id),
        business_id uuid NOT NULL REFERENCES businesses (id),
        period tstzrange NOT NULL CHECK (NOT isempty(period)),
        reason text NOT NULL DEFAULT ''
      )`);
    await db.query(`CREATE INDEX idx_staff_time_off_business ON staff_time_off (business_id, staff_id)`);

    // Who performs what; both sides belong to the same business (checked by the use cases, kept here).
    await db.query(`
      CREATE TABLE staff_services (
        business_id uuid NOT NULL REFERENCES businesses (id),
        staff_id uuid NOT NULL REFERENCES staff_assignments (id),
        service_id uuid NOT NULL REFERENCES services (id),
        PRIMARY KEY (staff_id, service_id)
      )`);
    await db.query(`CREATE INDEX idx_staff_services_service ON staff_services (service_id, staff_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['staff_services', 'staff_time_off', 'staff_hours', 'staff_assignments', 'resources', 'closures', 'business_hours']) {
      await db.query(`DROP TABLE ${table}`);
    }
    await db.query('ALTER TABLE services DROP COLUMN resource_kinds, DROP COLUMN description_en, DROP COLUMN description_ja');
    await db.query('DROP INDEX idx_businesses_names_trgm, idx_businesses_category, idx_businesses_listing');
    await db.query(`CREATE INDEX idx_businesses_category ON businesses (category) WHERE deleted_at IS NULL`);
    await db.query(`
      ALTER TABLE businesses DROP COLUMN closed_on_national_holidays, DROP COLUMN settings, DROP COLUMN address,
        DROP COLUMN description_en, DROP COLUMN description_ja`);
  }
}
